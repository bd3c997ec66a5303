import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ErrorCode,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
  TICKET_TYPES,
  type TicketAction,
  type TicketView,
} from '@jyg12345/shared';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { type ReactNode, useState } from 'react';
import { useHotkeys } from '../hooks/useHotkeys';
import { isApiError, messageOf } from '../services/http';
import { ticketKeys, ticketService } from '../services/tickets';
import { useCategories } from '../hooks/reference';
import { CategorySelect } from './CategorySelect';
import { actionLabel, eventLabel } from './format';
import { UnitPicker } from './UnitPicker';

/** One field of an action's body (the API's DTOs in apps/api/src/tickets/ticket-actions.dto.ts); `version` is always added. */
interface Field {
  name: string;
  label: string;
  kind: 'note' | 'text' | 'unit' | 'units' | 'category' | 'type' | 'satisfaction' | 'bool' | 'days' | 'phone';
  required?: boolean;
}

const note = (label: string, required: boolean): Field => ({ name: 'note', label, kind: 'note', required });

export const ACTION_FIELDS: Record<TicketAction, Field[]> = {
  withdraw: [{ name: 'reason', label: '撤回原因', kind: 'note' }],
  supplement: [{ name: 'text', label: '补充内容', kind: 'note', required: true }],
  rate: [
    { name: 'satisfaction', label: '满意度', kind: 'satisfaction', required: true },
    { name: 'resolved', label: '问题已解决', kind: 'bool' },
    { name: 'comment', label: '评价内容', kind: 'note' },
  ],
  accept: [
    { name: 'categoryId', label: '诉求分类', kind: 'category', required: true },
    { name: 'type', label: '诉求类型', kind: 'type' },
    { name: 'urgent', label: '紧急', kind: 'bool' },
  ],
  answer: [{ name: 'content', label: '答复内容（群众可见）', kind: 'note', required: true }],
  reject: [{ name: 'reason', label: '不予受理原因（群众可见）', kind: 'note', required: true }],
  dispatch: [
    { name: 'leadUnitId', label: '主办单位', kind: 'unit', required: true },
    { name: 'cooperatingUnitIds', label: '协办单位', kind: 'units' },
    // An operator's correction here is recorded in the event and trains the next routing model (README, "Corrections").
    { name: 'categoryId', label: '诉求分类（分错了可在此更正）', kind: 'category' },
    note('派单说明', false),
  ],
  merge: [{ name: 'intoTicketId', label: '合并到诉求（编号或 ID）', kind: 'text', required: true }],
  sign: [],
  pass_down: [{ name: 'unitId', label: '下派单位', kind: 'unit', required: true }, note('说明', false)],
  request_return: [{ name: 'reason', label: '退单原因', kind: 'note', required: true }],
  request_extension: [
    { name: 'days', label: '延期天数', kind: 'days', required: true },
    { name: 'reason', label: '延期原因', kind: 'note', required: true },
  ],
  reply: [
    { name: 'content', label: '答复内容', kind: 'note', required: true },
    { name: 'handlerName', label: '经办人', kind: 'text', required: true },
    { name: 'handlerPhone', label: '经办人电话', kind: 'phone', required: true },
  ],
  approve_return: [note('审核意见', false)],
  refuse_return: [note('驳回理由', true)],
  approve_extension: [note('审核意见', false)],
  refuse_extension: [note('驳回理由', true)],
  urge: [note('催办意见', true)],
  reopen: [note('重办原因', true)],
  close: [note('办结说明', false)],
  record_visit: [
    { name: 'satisfaction', label: '来电人评价', kind: 'satisfaction', required: true },
    { name: 'resolved', label: '问题已解决', kind: 'bool' },
    { name: 'comment', label: '回访记录', kind: 'note' },
  ],
  auto_close: [],
  reschedule: [],
};

/** The usual next step, shown as the primary button when the API offers it. */
const PRIMARY_ORDER: TicketAction[] = ['accept', 'dispatch', 'approve_return', 'approve_extension', 'record_visit', 'close', 'reopen', 'urge'];

/** Actions that move a ticket away from someone: red buttons. */
const DANGER: ReadonlySet<TicketAction> = new Set(['reject', 'refuse_return', 'refuse_extension', 'withdraw']);

/** Form.Item hands value, onChange and id to its child: passed through to the control. */
type Bound = { value?: never; onChange?: never; id?: string };

function FieldInput({ field, autoFocus, ...bound }: { field: Field; autoFocus: boolean } & Bound): ReactNode {
  const p = bound as Record<string, unknown>;
  switch (field.kind) {
    case 'note':
      return <Input.TextArea {...p} rows={3} maxLength={1000} showCount autoFocus={autoFocus} />;
    case 'text':
      return <Input {...p} autoFocus={autoFocus} maxLength={50} />;
    case 'phone':
      return <Input {...p} autoFocus={autoFocus} maxLength={13} />;
    case 'unit':
      return <UnitPicker {...p} autoFocus={autoFocus} />;
    case 'units':
      return <UnitPicker {...p} multiple placeholder="可多选，输入名称搜索" />;
    case 'category':
      return <CategorySelect {...p} autoFocus={autoFocus} />;
    case 'type':
      return <Select {...p} allowClear showSearch optionFilterProp="label" options={TICKET_TYPES.map((t) => ({ value: t, label: TICKET_TYPE_LABELS[t] }))} />;
    case 'satisfaction':
      return <Select {...p} showSearch optionFilterProp="label" autoFocus={autoFocus} options={SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))} />;
    case 'bool':
      return <Switch {...p} />;
    case 'days':
      return <InputNumber {...p} min={1} max={30} autoFocus={autoFocus} />;
  }
}

/**
 * Runs one action on one ticket. On a lost race (409 VERSION_CONFLICT) the ticket is read again and the user told
 * what changed; field errors from the API are shown next to their field.
 */
export function useTicketAction(ticket: TicketView | undefined) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: ({ action, body }: { action: TicketAction; body: Record<string, unknown> }) => {
      if (!ticket) throw new Error('no ticket');
      return ticketService.act(ticket.id, action, { ...body, version: ticket.version });
    },
    onSuccess: (updated, { action }) => {
      queryClient.setQueryData(ticketKeys.detail(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.events(updated.id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void message.success(`${actionLabel(action)}成功`);
    },
    onError: async (error) => {
      if (!ticket) return;
      if (isApiError(error) && (error.code === ErrorCode.VERSION_CONFLICT || error.code === ErrorCode.INVALID_TRANSITION)) {
        const [fresh, events] = await Promise.all([
          queryClient.fetchQuery({ queryKey: ticketKeys.detail(ticket.id), queryFn: () => ticketService.get(ticket.id), staleTime: 0 }),
          queryClient.fetchQuery({ queryKey: ticketKeys.events(ticket.id), queryFn: () => ticketService.events(ticket.id), staleTime: 0 }).catch(() => []),
        ]);
        const latest = events.at(-1);
        const changed =
          fresh.status !== ticket.status
            ? `状态已由「${TICKET_STATUS_LABELS[ticket.status]}」变为「${TICKET_STATUS_LABELS[fresh.status]}」`
            : latest
              ? `刚刚有人进行了「${eventLabel(latest.action)}」`
              : '内容已更新';
        void message.warning(`该诉求已被他人处理（${changed}），已重新加载，请确认后再操作`, 6);
      }
    },
  });
}

/** The buttons come only from the `actions` the API returned for this ticket and this user. */
export function ActionPanel({ ticket, exclude = [] }: { ticket: TicketView; exclude?: TicketAction[] }) {
  const [open, setOpen] = useState<TicketAction | null>(null);
  const actions = ticket.actions.filter((a) => !exclude.includes(a));
  const primary = PRIMARY_ORDER.find((a) => actions.includes(a)) ?? actions[0];
  if (actions.length === 0) return <span style={{ color: '#999' }}>当前没有可进行的操作</span>;
  return (
    <>
      <Space wrap>
        {actions.map((a) => (
          <Button key={a} type={a === primary ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => setOpen(a)} data-action={a}>
            {actionLabel(a)}
          </Button>
        ))}
      </Space>
      {open && <ActionModal ticket={ticket} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

export function ActionModal({
  ticket,
  action,
  onClose,
  initial,
  onDone,
}: {
  ticket: TicketView;
  action: TicketAction;
  onClose: () => void;
  initial?: Record<string, unknown>;
  /** After the action succeeded, with the ticket as it is now (e.g. to dispatch again after a return). */
  onDone?: (updated: TicketView) => void;
}) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const categories = useCategories();
  const defaults: Record<string, unknown> =
    action === 'accept'
      ? { categoryId: ticket.categoryId ?? undefined, type: ticket.type }
      : action === 'dispatch'
        ? {
            leadUnitId: ticket.leadUnitId ?? categories.data?.find((c) => c.id === ticket.categoryId)?.defaultUnitId ?? undefined,
            categoryId: ticket.categoryId ?? undefined,
          }
        : {};
  const mutation = useTicketAction(ticket);
  const fields = ACTION_FIELDS[action];
  const submit = async () => {
    const values = await form.validateFields();
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values[f.name];
      if (f.kind === 'bool') body[f.name] = Boolean(v);
      else if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '') body[f.name] = typeof v === 'string' ? v.trim() : v;
    }
    // Only a changed category is a correction: sending the same one would record a reclassification that was not made.
    if (action === 'dispatch' && body.categoryId === ticket.categoryId) delete body.categoryId;
    mutation.mutate(
      { action, body },
      {
        onSuccess: (updated) => {
          onClose();
          onDone?.(updated);
        },
        onError: (error) => {
          if (!isApiError(error)) return;
          if (error.code === ErrorCode.VERSION_CONFLICT || error.code === ErrorCode.INVALID_TRANSITION) return onClose();
          form.setFields(fields.map((f) => ({ name: f.name, errors: error.fieldMessage(f.name) ? [error.fieldMessage(f.name)!] : [] })));
        },
      },
    );
  };
  useHotkeys({ 'ctrl+enter': () => void submit() });
  const error = mutation.error;
  const unplaced = isApiError(error) && !fields.some((f) => error.fieldMessage(f.name)) && error.code !== ErrorCode.VERSION_CONFLICT;
  return (
    <Modal
      open
      title={`${actionLabel(action)} · ${ticket.number}`}
      okText={`确定${actionLabel(action)}（Ctrl+Enter）`}
      cancelText="取消（Esc）"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      okButtonProps={{ danger: DANGER.has(action) }}
      destroyOnHidden
      width={560}
      // Keyboard users start typing in the first field (autoFocus alone loses to the dialog's own focus).
      afterOpenChange={(opened) => {
        if (opened && fields[0]) form.focusField(fields[0].name);
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ resolved: true, ...defaults, ...initial }} name={`action-${action}`}>
        {fields.length === 0 && <p>确认对该诉求进行「{actionLabel(action)}」操作？</p>}
        {fields.map((f, i) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
            rules={f.required ? [{ required: true, message: `请填写${f.label}` }, ...(f.kind === 'note' ? [{ whitespace: true, message: `请填写${f.label}` }] : [])] : []}
          >
            <FieldInput field={f} autoFocus={i === 0} />
          </Form.Item>
        ))}
        {unplaced && <div style={{ color: '#cf1322' }}>{messageOf(error)}</div>}
      </Form>
    </Modal>
  );
}
