import { useQuery } from '@tanstack/react-query';
import { TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '@jyg12345/shared';
import { Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/QueryState';
import { TicketTable } from '../../components/TicketTable';
import { type TicketListQuery, ticketKeys, ticketService } from '../../services/tickets';

/** Any ticket by number or words, narrowed by status; newest first, a page at a time. */
export default function SearchPage() {
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<TicketStatus[]>([]);
  const [cursors, setCursors] = useState<string[]>([]);
  const q: TicketListQuery = { q: draft.trim() || undefined, status, limit: 20, cursor: cursors.at(-1) };
  const [applied, setApplied] = useState<TicketListQuery>({ limit: 20 });
  const list = useQuery({ queryKey: ticketKeys.list(applied), queryFn: () => ticketService.list(applied) });
  const search = () => {
    setCursors([]);
    setApplied({ ...q, cursor: undefined });
  };
  return (
    <Card title="诉求查询">
      <Space style={{ marginBottom: 16 }}>
        <Input.Search placeholder="编号或诉求内容关键字" allowClear value={draft} onChange={(e) => setDraft(e.target.value)} onSearch={search} style={{ width: 360 }} />
        <Select<TicketStatus[]>
          mode="multiple"
          allowClear
          placeholder="状态"
          style={{ minWidth: 240 }}
          value={status}
          onChange={setStatus}
          options={TICKET_STATUSES.map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s] }))}
        />
        <Button type="primary" onClick={search}>
          查询
        </Button>
      </Space>
      <QueryState query={list} isEmpty={(d) => d.items.length === 0} empty="没有符合条件的诉求">
        {(page) => (
          <>
            <TicketTable tickets={page.items} columns={['number', 'status', 'channel', 'category', 'lead', 'created', 'description']} pagination={false} />
            <Space style={{ marginTop: 12 }}>
              <Button
                disabled={cursors.length === 0}
                onClick={() => {
                  const prev = cursors.slice(0, -1);
                  setCursors(prev);
                  setApplied({ ...applied, cursor: prev.at(-1) });
                }}
              >
                上一页
              </Button>
              <Button
                disabled={!page.nextCursor}
                onClick={() => {
                  const next = [...cursors, page.nextCursor!];
                  setCursors(next);
                  setApplied({ ...applied, cursor: page.nextCursor! });
                }}
              >
                下一页
              </Button>
            </Space>
          </>
        )}
      </QueryState>
    </Card>
  );
}
