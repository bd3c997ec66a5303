import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  LIMITS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
  TICKET_TYPES,
  type KnowledgeEntryView,
  type TicketType,
  type TicketView,
} from '@jyg12345/shared';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, List, Result, Row, Select, Space, Tag, Typography } from 'antd';
import type { InputRef } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { RefSelectProps } from 'antd/es/select';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ActionModal, useTicketAction } from '../../components/ActionPanel';
import { CategorySelect } from '../../components/CategorySelect';
import { formatTime } from '../../components/format';
import { Shortcuts } from '../../components/Shortcuts';
import { UnitPicker } from '../../components/UnitPicker';
import { useCategories, useCategoryNames, useUnitNames } from '../../hooks/reference';
import { useDebounced } from '../../hooks/useDebounced';
import { useHotkeys } from '../../hooks/useHotkeys';
import { consoleKeys, consoleService } from '../../services/console';
import { geoKeys, geoService } from '../../services/geo';
import { isApiError, messageOf } from '../../services/http';
import { knowledgeKeys, knowledgeService } from '../../services/knowledge';
import { ticketKeys, ticketService } from '../../services/tickets';

interface CallForm {
  phone: string;
  name?: string;
  type: TicketType;
  description: string;
  categoryId?: string;
  urgent: boolean;
  confidential: boolean;
}

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;
const API_PATHS: Record<string, keyof CallForm> = { 'contact.phone': 'phone', 'contact.name': 'name', type: 'type', description: 'description', categoryId: 'categoryId' };

/**
 * 来电登记: the caller's appeal typed while they talk; their earlier appeals, the suggested category and unit, likely
 * duplicates and knowledge-base answers appear alongside. Then dispatch (or answer directly, or merge). All of it
 * works from the keyboard; the shortcuts are on screen.
 */
export default function RegisterPage() {
  const [form] = Form.useForm<CallForm>();
  const [registered, setRegistered] = useState<TicketView | null>(null);
  const [callKey, setCallKey] = useState(0);
  const phoneRef = useRef<InputRef>(null);
  const descriptionRef = useRef<TextAreaRef>(null);
  const categoryRef = useRef<RefSelectProps>(null);
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  // After registering, the side panels keep showing what was said on this call.
  const [said, setSaid] = useState<{ phone: string; description: string } | null>(null);
  const typedPhone = Form.useWatch('phone', form);
  const typedDescription = Form.useWatch('description', form);
  const phone = said?.phone ?? typedPhone ?? '';
  const description = said?.description ?? typedDescription ?? '';
  const text = useDebounced(description.trim(), 500);
  const callerPhone = PHONE.test(phone.trim()) ? phone.trim() : '';

  const history = useQuery({ queryKey: consoleKeys.callerTickets(callerPhone), queryFn: () => consoleService.callerTickets(callerPhone), enabled: callerPhone !== '' });
  const suggestion = useQuery({ queryKey: geoKeys.suggest(text), queryFn: () => geoService.suggest(text), enabled: text.length >= LIMITS.descriptionMin });
  const knowledge = useQuery({ queryKey: knowledgeKeys.search(keywordsOf(text)), queryFn: () => knowledgeService.search(keywordsOf(text)), enabled: keywordsOf(text) !== '' });
  const similar = useQuery({
    queryKey: ticketKeys.list({ q: keywordsOf(text), status: ['submitted', 'accepted', 'dispatched', 'in_progress'] }),
    queryFn: () => ticketService.list({ q: keywordsOf(text), status: ['submitted', 'accepted', 'dispatched', 'in_progress'], limit: 5 }),
    enabled: keywordsOf(text) !== '',
  });

  const register = useMutation({
    mutationFn: (v: CallForm) =>
      ticketService.register({
        channel: 'phone',
        type: v.type,
        categoryId: v.categoryId ?? '',
        description: v.description.trim(),
        contact: { phone: v.phone.trim(), ...(v.name?.trim() ? { name: v.name.trim() } : {}) },
        confidential: v.confidential,
        urgent: v.urgent,
      }),
    onSuccess: (ticket, v) => {
      setSaid({ phone: v.phone, description: v.description });
      setRegistered(ticket);
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void message.success(`已登记 ${ticket.number}`);
    },
    onError: (error) => {
      if (!isApiError(error)) return;
      form.setFields(
        Object.entries(API_PATHS).map(([path, name]) => ({ name, errors: error.fieldMessage(path) ? [error.fieldMessage(path)!] : [] })),
      );
    },
  });

  const newCall = () => {
    form.resetFields();
    register.reset();
    setRegistered(null);
    setSaid(null);
    setCallKey((k) => k + 1);
    setTimeout(() => phoneRef.current?.focus(), 0);
  };
  const submit = () => {
    if (registered) return;
    form.validateFields().then((v) => register.mutate(v), () => undefined);
  };
  const pickSuggestion = (i: number) => {
    const c = suggestion.data?.categories[i];
    if (c) form.setFieldValue('categoryId', c.id);
  };

  useHotkeys(
    {
      'alt+n': newCall,
      'alt+p': () => phoneRef.current?.focus(),
      'alt+d': () => descriptionRef.current?.focus(),
      'alt+c': () => categoryRef.current?.focus(),
      'alt+1': () => pickSuggestion(0),
      'alt+2': () => pickSuggestion(1),
      'alt+3': () => pickSuggestion(2),
      'ctrl+enter': submit,
    },
    !registered,
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} key={callKey}>
      <Shortcuts
        items={[
          ['Alt+N', '新来电'],
          ['Alt+P', '来电号码'],
          ['Alt+D', '诉求内容'],
          ['Alt+C', '选择分类'],
          ['Alt+1/2/3', '采用分类建议'],
          ['Ctrl+Enter', registered ? '派单' : '登记'],
          ...(registered ? ([['Alt+A', '直接答复']] as [string, string][]) : []),
          ['Tab', '下一项'],
        ]}
      />
      <Row gutter={16}>
        <Col span={13}>
          {registered ? (
            <DispatchStep ticket={registered} suggestedUnitId={suggestion.data?.units[0]?.id} knowledge={knowledge.data ?? []} similar={similar.data?.items ?? []} onNext={newCall} />
          ) : (
            <Card title="来电登记">
              <Form<CallForm>
                form={form}
                layout="vertical"
                name="call"
                initialValues={{ type: 'complaint', urgent: false, confidential: false }}
                onFinish={submit}
                disabled={register.isPending}
              >
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="phone" label="来电号码" rules={[{ required: true, message: '请输入来电号码' }, { pattern: PHONE, message: '请输入正确的手机或座机号码' }]}>
                      <Input ref={phoneRef} autoFocus placeholder="如 13912345678" maxLength={13} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="name" label="来电人姓名">
                      <Input maxLength={LIMITS.contactNameMax} placeholder="可不填" />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
                  <Select options={TICKET_TYPES.map((t) => ({ value: t, label: TICKET_TYPE_LABELS[t] }))} />
                </Form.Item>
                <Form.Item
                  name="description"
                  label="诉求内容"
                  rules={[
                    { required: true, message: '请记录诉求内容' },
                    { min: LIMITS.descriptionMin, message: `至少 ${LIMITS.descriptionMin} 个字` },
                  ]}
                >
                  <Input.TextArea ref={descriptionRef} rows={5} maxLength={LIMITS.descriptionMax} showCount placeholder="记录来电人反映的问题、地点和诉求" />
                </Form.Item>
                <Form.Item name="categoryId" label="诉求分类" rules={[{ required: true, message: '请选择诉求分类' }]}>
                  <CategorySelectWithRef selectRef={categoryRef} />
                </Form.Item>
                <Space size={24}>
                  <Form.Item name="urgent" valuePropName="checked" noStyle>
                    <Checkbox>紧急</Checkbox>
                  </Form.Item>
                  <Form.Item name="confidential" valuePropName="checked" noStyle>
                    <Checkbox>为来电人保密</Checkbox>
                  </Form.Item>
                </Space>
                {register.isError && !(isApiError(register.error) && register.error.details.length > 0) && (
                  <Alert type="error" showIcon message={messageOf(register.error)} style={{ marginTop: 12 }} />
                )}
                <div style={{ marginTop: 16 }}>
                  <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="register-submit">
                    登记（Ctrl+Enter）
                  </Button>
                </div>
              </Form>
            </Card>
          )}
        </Col>
        <Col span={11}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title="分类与承办单位建议">
              {text.length < LIMITS.descriptionMin ? (
                <Typography.Text type="secondary">输入诉求内容后自动推荐</Typography.Text>
              ) : suggestion.isError ? (
                <Alert type="warning" message={messageOf(suggestion.error)} />
              ) : suggestion.data && suggestion.data.categories.length > 0 ? (
                <Suggestions data={suggestion.data} onPick={(i) => pickSuggestion(i)} />
              ) : suggestion.isFetching ? (
                <Typography.Text type="secondary">分析中…</Typography.Text>
              ) : (
                <Typography.Text type="secondary">暂无建议，请手动选择分类</Typography.Text>
              )}
            </Card>
            <Card size="small" title={`来电人历史诉求${callerPhone ? `（${callerPhone}）` : ''}`}>
              {!callerPhone ? (
                <Typography.Text type="secondary">输入来电号码后显示</Typography.Text>
              ) : history.isPending ? (
                <Typography.Text type="secondary">查询中…</Typography.Text>
              ) : history.isError ? (
                <Alert type="warning" message={messageOf(history.error)} />
              ) : history.data.length === 0 ? (
                <Typography.Text type="secondary" data-testid="caller-history-empty">首次来电</Typography.Text>
              ) : (
                <TicketMiniList tickets={history.data} testId="caller-history" />
              )}
            </Card>
            <Card size="small" title="疑似重复（办理中的相似诉求）">
              {similar.data && similar.data.items.length > 0 ? (
                <TicketMiniList tickets={similar.data.items} testId="similar" />
              ) : (
                <Typography.Text type="secondary">{keywordsOf(text) ? '未发现相似诉求' : '输入诉求内容后检查'}</Typography.Text>
              )}
            </Card>
            <Card size="small" title="知识库">
              {knowledge.data && knowledge.data.length > 0 ? (
                <KnowledgeList entries={knowledge.data} />
              ) : (
                <Typography.Text type="secondary">{keywordsOf(text) ? '没有匹配的知识' : '输入诉求内容后检索'}</Typography.Text>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

function CategorySelectWithRef({ selectRef, value, onChange }: { selectRef: React.Ref<RefSelectProps>; value?: string; onChange?: (v: string) => void }) {
  return <CategorySelect value={value} onChange={onChange} selectRef={selectRef} id="call_categoryId" />;
}

/** The longest few words of the text, for the knowledge base and the description search (which match all words). */
function keywordsOf(text: string): string {
  const words = text
    .split(/[\s，。,.;；！？!?、]+/)
    .map((w) => w.trim())
    .filter((w) => w.length >= 2);
  const first = words.sort((a, b) => b.length - a.length)[0];
  return first ? first.slice(0, 8) : '';
}

function Suggestions({ data, onPick }: { data: { categories: { id: string; name: string; level1: string; score: number }[]; units: { id: string; name: string; score: number }[] }; onPick: (i: number) => void }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="suggestions">
      {data.categories.slice(0, 3).map((c, i) => (
        <div key={c.id}>
          <Button size="small" type="link" onClick={() => onPick(i)} style={{ paddingInline: 0 }}>
            <Typography.Text keyboard>Alt+{i + 1}</Typography.Text> {c.level1} / {c.name}
          </Button>
          <Tag style={{ marginLeft: 8 }}>{Math.round(c.score * 100)}%</Tag>
        </div>
      ))}
      {data.units.length > 0 && (
        <Typography.Text type="secondary">
          建议承办：{data.units.slice(0, 3).map((u) => u.name).join('、')}
        </Typography.Text>
      )}
    </Space>
  );
}

function TicketMiniList({ tickets, testId }: { tickets: TicketView[]; testId: string }) {
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={tickets}
      renderItem={(t) => (
        <List.Item>
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space>
              <Link to={`/tickets/${t.id}`} target="_blank">
                {t.number}
              </Link>
              <Tag>{TICKET_STATUS_LABELS[t.status]}</Tag>
              <Typography.Text type="secondary">{formatTime(t.createdAt)}</Typography.Text>
            </Space>
            <Typography.Text ellipsis style={{ maxWidth: 480 }}>
              {t.description}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

function KnowledgeList({ entries }: { entries: KnowledgeEntryView[] }) {
  return (
    <List
      size="small"
      data-testid="knowledge"
      dataSource={entries.slice(0, 4)}
      renderItem={(k) => (
        <List.Item>
          <Space direction="vertical" size={0}>
            <strong>{k.title}</strong>
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
              {k.content}
            </Typography.Paragraph>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** After registering: dispatch to a lead unit (pre-filled from the category and the suggestion), answer directly, or merge. */
function DispatchStep({
  ticket,
  suggestedUnitId,
  knowledge,
  similar,
  onNext,
}: {
  ticket: TicketView;
  suggestedUnitId?: string;
  knowledge: KnowledgeEntryView[];
  similar: TicketView[];
  onNext: () => void;
}) {
  const live = useQuery({ queryKey: ticketKeys.detail(ticket.id), queryFn: () => ticketService.get(ticket.id), initialData: ticket });
  const current = live.data;
  const categories = useCategories();
  const categoryName = useCategoryNames();
  const unitName = useUnitNames();
  const defaultUnit = categories.data?.find((c) => c.id === current.categoryId)?.defaultUnitId ?? suggestedUnitId;
  const [form] = Form.useForm<{ leadUnitId?: string; cooperatingUnitIds?: string[]; note?: string }>();
  const [modal, setModal] = useState<{ action: 'answer' | 'merge'; initial: Record<string, unknown> } | null>(null);
  const dispatch = useTicketAction(current);
  const done = current.status !== 'accepted';

  const submit = () => {
    if (done) return;
    form.validateFields().then(
      (v) =>
        dispatch.mutate({
          action: 'dispatch',
          body: { leadUnitId: v.leadUnitId, ...(v.cooperatingUnitIds?.length ? { cooperatingUnitIds: v.cooperatingUnitIds } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
        }),
      () => undefined,
    );
  };
  useHotkeys(
    {
      'ctrl+enter': submit,
      'alt+n': onNext,
      'alt+a': () => current.actions.includes('answer') && setModal({ action: 'answer', initial: { content: knowledge[0]?.content } }),
    },
    modal === null,
  );

  if (done)
    return (
      <Card>
        <Result
          status="success"
          title={`${current.number} ${TICKET_STATUS_LABELS[current.status]}`}
          subTitle={current.leadUnitId ? `主办单位：${unitName(current.leadUnitId)}` : undefined}
          extra={[
            <Button type="primary" key="next" onClick={onNext} data-testid="next-call">
              下一个来电（Alt+N）
            </Button>,
            <Link key="open" to={`/tickets/${current.id}`}>
              查看诉求
            </Link>,
          ]}
        />
      </Card>
    );
  return (
    <Card title={`派单 · ${current.number}`} data-testid="dispatch-step">
      <Typography.Paragraph>
        已登记并受理，分类：{categoryName(current.categoryId)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="dispatch" initialValues={{ leadUnitId: defaultUnit }} key={defaultUnit ?? 'none'}>
        <Form.Item name="leadUnitId" label="主办单位" rules={[{ required: true, message: '请选择主办单位' }]} extra="输入名称搜索，↑↓ 选择，Enter 确定">
          <UnitPicker autoFocus id="dispatch_leadUnitId" />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label="协办单位">
          <UnitPicker multiple placeholder="可多选" />
        </Form.Item>
        <Form.Item name="note" label="派单说明">
          <Input.TextArea rows={2} maxLength={LIMITS.noteMax} />
        </Form.Item>
        {dispatch.isError && <Alert type="error" showIcon message={messageOf(dispatch.error)} style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" onClick={submit} loading={dispatch.isPending} data-testid="dispatch-submit">
            派单（Ctrl+Enter）
          </Button>
          {current.actions.includes('answer') && (
            <Button onClick={() => setModal({ action: 'answer', initial: { content: knowledge[0]?.content } })}>直接答复（Alt+A）</Button>
          )}
          {current.actions.includes('reject') && <RejectButton ticket={current} />}
        </Space>
      </Form>
      {similar.filter((s) => s.id !== current.id).length > 0 && current.actions.includes('merge') && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>疑似重复：</Typography.Text>
          {similar
            .filter((s) => s.id !== current.id)
            .map((s) => (
              <Button key={s.id} size="small" style={{ marginLeft: 8 }} onClick={() => setModal({ action: 'merge', initial: { intoTicketId: s.id } })}>
                合并到 {s.number}
              </Button>
            ))}
        </div>
      )}
      {modal && <ActionModal ticket={current} action={modal.action} initial={modal.initial} onClose={() => setModal(null)} />}
      {knowledge.length === 0 && current.actions.includes('answer') && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="知识库无匹配，可手动填写直接答复" />}
    </Card>
  );
}

function RejectButton({ ticket }: { ticket: TicketView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        不予受理
      </Button>
      {open && <ActionModal ticket={ticket} action="reject" onClose={() => setOpen(false)} />}
    </>
  );
}
