import { useQuery } from '@tanstack/react-query';
import type { TicketAction, TicketView } from '@jyg12345/shared';
import { Button, Card, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { type TicketListQuery, ticketKeys, ticketService } from '../services/tickets';
import { ActionModal } from './ActionPanel';
import { actionLabel } from './format';
import { QueryState } from './QueryState';
import { TicketTable } from './TicketTable';

type Column = Parameters<typeof TicketTable>[0]['columns'];

/**
 * One supervision queue: the tickets a list query returns (optionally narrowed), with the decisions offered
 * inline. A button shows only when the API lists that action for the ticket.
 */
export function SupervisionQueue({
  title,
  hint,
  query,
  narrow,
  actions,
  columns,
  extra = [],
  after,
  empty,
}: {
  title: string;
  hint?: ReactNode;
  query: TicketListQuery;
  narrow?: (t: TicketView) => boolean;
  actions: TicketAction[];
  columns?: Column;
  extra?: ColumnsType<TicketView>;
  /** What to offer once an action went through, e.g. dispatch again after approving a return. */
  after?: (action: TicketAction, updated: TicketView) => TicketAction | null;
  empty: string;
}) {
  const list = useQuery({
    queryKey: ticketKeys.list(query),
    queryFn: async () => (await ticketService.listAll(query)).filter((t) => narrow?.(t) ?? true),
    refetchInterval: 30_000,
  });
  const [open, setOpen] = useState<{ ticket: TicketView; action: TicketAction } | null>(null);
  return (
    <Card
      title={
        <Space>
          {title}
          {list.data && <Tag>{list.data.length} 件</Tag>}
        </Space>
      }
      extra={hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
    >
      <QueryState query={list} isEmpty={(d) => d.length === 0} empty={empty}>
        {(tickets) => (
          <TicketTable
            tickets={tickets}
            columns={columns}
            extra={[
              ...extra,
              {
                title: '操作',
                key: 'actions',
                width: 220,
                render: (_, t) => (
                  <Space size={4} wrap>
                    {actions
                      .filter((a) => t.actions.includes(a))
                      .map((a) => (
                        <Button key={a} size="small" data-action={a} onClick={() => setOpen({ ticket: t, action: a })}>
                          {actionLabel(a)}
                        </Button>
                      ))}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {open && (
        <ActionModal
          key={`${open.ticket.id}-${open.action}`}
          ticket={open.ticket}
          action={open.action}
          onClose={() => setOpen(null)}
          onDone={(updated) => {
            const next = after?.(open.action, updated);
            if (next && updated.actions.includes(next)) setTimeout(() => setOpen({ ticket: updated, action: next }), 0);
          }}
        />
      )}
    </Card>
  );
}
