import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TicketView } from '@jyg12345/shared';
import { Alert, App, Button, Card, Form, Input, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { TicketTable } from '../../components/TicketTable';
import { useUnitNames } from '../../hooks/reference';
import { messageOf } from '../../services/http';
import { ticketKeys, ticketService } from '../../services/tickets';

type Mode = 'overdue' | 'dueSoon';

/** Overdue and due-soon tickets grouped by lead unit; urge one, a unit's, or any selection at once. */
export default function DeadlinesPage() {
  const [mode, setMode] = useState<Mode>('overdue');
  const q = mode === 'overdue' ? { overdue: true, sort: 'deadline' as const } : { dueSoon: true, sort: 'deadline' as const };
  const list = useQuery({
    queryKey: ticketKeys.list(q),
    queryFn: async () => (await ticketService.listAll(q)).filter((t) => mode === 'overdue' || !t.overdue),
    refetchInterval: 30_000,
  });
  const unitName = useUnitNames();
  const [selected, setSelected] = useState<string[]>([]);
  const [urging, setUrging] = useState<TicketView[] | null>(null);
  const groups = useMemo(() => {
    const byUnit = new Map<string, TicketView[]>();
    for (const t of list.data ?? []) {
      const key = t.leadUnitId ?? '';
      byUnit.set(key, [...(byUnit.get(key) ?? []), t]);
    }
    return [...byUnit.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [list.data]);
  const chosen = (list.data ?? []).filter((t) => selected.includes(t.id) && t.actions.includes('urge'));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space size={16}>
          <Segmented<Mode>
            value={mode}
            onChange={(m) => {
              setMode(m);
              setSelected([]);
            }}
            options={[
              { value: 'overdue', label: '已超期' },
              { value: 'dueSoon', label: '即将到期' },
            ]}
          />
          <Button type="primary" disabled={chosen.length === 0} onClick={() => setUrging(chosen)} data-testid="urge-selected">
            催办选中（{chosen.length}）
          </Button>
          <Typography.Text type="secondary">按主办单位分组，最紧迫的在前</Typography.Text>
        </Space>
      </Card>
      <QueryState query={list} isEmpty={(d) => d.length === 0} empty={mode === 'overdue' ? '没有超期诉求' : '没有即将到期的诉求'}>
        {() => (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {groups.map(([unitId, tickets]) => (
              <Card
                key={unitId}
                size="small"
                data-testid="unit-group"
                title={
                  <Space>
                    {unitName(unitId || null)}
                    <Tag color={mode === 'overdue' ? 'red' : 'orange'}>{tickets.length} 件</Tag>
                  </Space>
                }
                extra={
                  <Button size="small" onClick={() => setUrging(tickets.filter((t) => t.actions.includes('urge')))}>
                    催办本单位全部
                  </Button>
                }
              >
                <TicketTable
                  tickets={tickets}
                  columns={['number', 'status', 'category', 'replyDue', 'urges', 'description']}
                  rowSelection={{
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected((prev) => [...prev.filter((id) => !tickets.some((t) => t.id === id)), ...(keys as string[])]),
                    getCheckboxProps: (t) => ({ disabled: !t.actions.includes('urge') }),
                  }}
                />
              </Card>
            ))}
          </Space>
        )}
      </QueryState>
      {urging && (
        <UrgeModal
          tickets={urging}
          onClose={() => {
            setUrging(null);
            setSelected([]);
          }}
        />
      )}
    </Space>
  );
}

/** Urges each ticket with its own version; reports which went through and which lost a race. */
function UrgeModal({ tickets, onClose }: { tickets: TicketView[]; onClose: () => void }) {
  const [form] = Form.useForm<{ note: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const urge = useMutation({
    mutationFn: async (note: string) => {
      const failed: { ticket: TicketView; reason: string }[] = [];
      for (const t of tickets) {
        try {
          await ticketService.act(t.id, 'urge', { version: t.version, note });
        } catch (error) {
          failed.push({ ticket: t, reason: messageOf(error) });
        }
      }
      return failed;
    },
    onSuccess: (failed) => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      if (failed.length === 0) {
        void message.success(`已催办 ${tickets.length} 件`);
        onClose();
      }
    },
  });
  return (
    <Modal
      open
      title={`催办 ${tickets.length} 件诉求`}
      okText="确定催办"
      onOk={() => form.validateFields().then((v) => urge.mutate(v.note.trim()), () => undefined)}
      onCancel={onClose}
      confirmLoading={urge.isPending}
    >
      <Form form={form} layout="vertical" initialValues={{ note: '请抓紧办理，按时答复群众。' }}>
        <Form.Item name="note" label="催办意见" rules={[{ required: true, whitespace: true, message: '请填写催办意见' }]}>
          <Input.TextArea rows={3} maxLength={1000} autoFocus />
        </Form.Item>
      </Form>
      {urge.data && urge.data.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={`${tickets.length - urge.data.length} 件已催办，${urge.data.length} 件未成功`}
          description={urge.data.map((f) => `${f.ticket.number}：${f.reason}`).join('；')}
        />
      )}
    </Modal>
  );
}
