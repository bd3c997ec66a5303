import { useQuery } from '@tanstack/react-query';
import {
  PUBLIC_ACTIONS,
  SATISFACTION_LABELS,
  TICKET_STATUS_LABELS,
  TICKET_TYPE_LABELS,
  type TicketEventView,
  type TicketView,
} from '@jyg12345/shared';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, List, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActionModal, ActionPanel } from '../../components/ActionPanel';
import { CHANNEL_LABELS, eventLabel, formatTime } from '../../components/format';
import { MapView } from '../../components/MapView';
import { QueryState } from '../../components/QueryState';
import { TimeLeft } from '../../components/TimeLeft';
import { useCategoryNames, useUnitNames } from '../../hooks/reference';
import { STAFF_ROLE_LABELS } from '../../services/staff';
import { ticketKeys, ticketService } from '../../services/tickets';

const ACTOR_LABELS: Record<string, string> = { ...STAFF_ROLE_LABELS, resident: '群众', system: '系统' };
const OPEN = new Set(['dispatched', 'in_progress', 'return_requested']);

export default function TicketDetailPage() {
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => ticketService.get(id) });
  return (
    <QueryState query={query}>
      {(ticket) => <TicketDetail ticket={ticket} />}
    </QueryState>
  );
}

function TicketDetail({ ticket }: { ticket: TicketView }) {
  const unitName = useUnitNames();
  const categoryName = useCategoryNames();
  const open = OPEN.has(ticket.status);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span data-testid="ticket-number">{ticket.number}</span>
            <Tag color="blue" data-testid="ticket-status">
              {TICKET_STATUS_LABELS[ticket.status]}
            </Tag>
            {ticket.urgent && <Tag color="red">紧急</Tag>}
            {ticket.overdue && <Tag color="red">已超期</Tag>}
            {!ticket.overdue && ticket.dueSoon && <Tag color="orange">即将到期</Tag>}
            {ticket.pendingExtensionDays !== null && <Tag color="purple">申请延期 {ticket.pendingExtensionDays} 天</Tag>}
          </Space>
        }
      >
        <div data-testid="ticket-actions">
          <ActionPanel ticket={ticket} />
        </div>
      </Card>
      <Row gutter={16}>
        <Col span={14}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title="诉求内容">
              {ticket.title && <Typography.Title level={5}>{ticket.title}</Typography.Title>}
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }} data-testid="ticket-description">
                {ticket.description}
              </Typography.Paragraph>
              {ticket.photos.length > 0 ? (
                <Image.PreviewGroup>
                  <Space wrap>
                    {ticket.photos.map((p) => (
                      <Image key={p.id} width={120} height={90} style={{ objectFit: 'cover' }} src={p.thumbnailUrl} preview={{ src: p.url }} alt="诉求照片" />
                    ))}
                  </Space>
                </Image.PreviewGroup>
              ) : (
                <Typography.Text type="secondary">无照片</Typography.Text>
              )}
            </Card>
            <Card title="办理信息">
              <Descriptions column={2} size="small" bordered>
                <Descriptions.Item label="渠道">{CHANNEL_LABELS[ticket.channel]}</Descriptions.Item>
                <Descriptions.Item label="类型">{TICKET_TYPE_LABELS[ticket.type]}</Descriptions.Item>
                <Descriptions.Item label="分类" span={2}>
                  {categoryName(ticket.categoryId)}
                </Descriptions.Item>
                <Descriptions.Item label="联系人">{ticket.contact.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="联系电话">
                  {ticket.contact.phone ?? '—'}
                  {ticket.confidential && <Tag style={{ marginLeft: 8 }}>保密</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label="主办单位">{unitName(ticket.leadUnitId)}</Descriptions.Item>
                <Descriptions.Item label="协办单位">{ticket.cooperatingUnitIds.length ? ticket.cooperatingUnitIds.map(unitName).join('、') : '—'}</Descriptions.Item>
                <Descriptions.Item label="当前承办">{unitName(ticket.assignedUnitId)}</Descriptions.Item>
                <Descriptions.Item label="催办次数">{ticket.urgeCount}</Descriptions.Item>
                <Descriptions.Item label="提交时间">{formatTime(ticket.createdAt)}</Descriptions.Item>
                <Descriptions.Item label="派单时间">{formatTime(ticket.dispatchedAt)}</Descriptions.Item>
                <Descriptions.Item label="签收时限" span={2}>
                  <span data-testid="sign-due">
                    <TimeLeft due={ticket.signDueAt} done={ticket.signedAt !== null || !open} />
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label="答复时限" span={2}>
                  <span data-testid="reply-due">
                    <TimeLeft due={ticket.replyDueAt} done={!open} />
                  </span>
                </Descriptions.Item>
                {ticket.rejectReason && (
                  <Descriptions.Item label="不予受理原因" span={2}>
                    {ticket.rejectReason}
                  </Descriptions.Item>
                )}
                {ticket.reply && (
                  <Descriptions.Item label="答复" span={2}>
                    {ticket.reply.content}（{ticket.reply.handlerName ?? ''} {ticket.reply.handlerPhone ?? ''}，{formatTime(ticket.reply.at)}）
                  </Descriptions.Item>
                )}
                {ticket.rating && (
                  <Descriptions.Item label="评价" span={2}>
                    <Tag color={ticket.rating.satisfaction === 'unsatisfied' ? 'red' : 'green'}>{SATISFACTION_LABELS[ticket.rating.satisfaction]}</Tag>
                    {ticket.rating.resolved ? '已解决' : '未解决'} {ticket.rating.comment ?? ''}
                  </Descriptions.Item>
                )}
                {ticket.mergedIntoId && (
                  <Descriptions.Item label="合并到" span={2}>
                    <Link to={`/tickets/${ticket.mergedIntoId}`}>查看主诉求</Link>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            {ticket.actions.includes('merge') && <Duplicates ticket={ticket} />}
          </Space>
        </Col>
        <Col span={10}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title="位置">
              {ticket.location ? (
                <>
                  <MapView point={{ lng: ticket.location.lng, lat: ticket.location.lat }} highlight={ticket.communityId ?? ticket.streetId} />
                  <Typography.Paragraph style={{ marginTop: 8 }}>
                    {ticket.location.address ?? '（无地址描述）'}
                    {ticket.outsideArea && <Tag color="red" style={{ marginLeft: 8 }}>不在服务区域内</Tag>}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary">
                    街道：{unitName(ticket.streetId)} · 社区：{unitName(ticket.communityId)}
                  </Typography.Text>
                </>
              ) : (
                <Empty description="未提供位置" />
              )}
            </Card>
            <Events ticketId={ticket.id} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

function Events({ ticketId }: { ticketId: string }) {
  const query = useQuery({ queryKey: ticketKeys.events(ticketId), queryFn: () => ticketService.events(ticketId) });
  const unitName = useUnitNames();
  const categoryName = useCategoryNames();
  return (
    <Card title="办理过程">
      <QueryState query={query} isEmpty={(d) => d.length === 0} empty="暂无记录">
        {(events: TicketEventView[]) => (
          <Timeline
            data-testid="timeline"
            items={events.map((e) => {
              const corrected = correctedCategory(e);
              return {
                color: PUBLIC_ACTIONS.has(e.action) ? 'blue' : 'gray',
                children: (
                  <div>
                    <Space size={4}>
                      <strong>{eventLabel(e.action)}</strong>
                      {!PUBLIC_ACTIONS.has(e.action) && <Tag>内部</Tag>}
                      <Typography.Text type="secondary">{formatTime(e.createdAt)}</Typography.Text>
                    </Space>
                    <div style={{ color: '#666' }}>
                      {ACTOR_LABELS[e.actorRole] ?? e.actorRole}
                      {e.unitId ? ` · ${unitName(e.unitId)}` : ''} · {TICKET_STATUS_LABELS[e.toStatus]}
                    </div>
                    {corrected && (
                      <div data-testid="category-correction">
                        分类更正：{categoryName(corrected.from)} → {categoryName(corrected.to)}
                      </div>
                    )}
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                  </div>
                ),
                };
            })}
          />
        )}
      </QueryState>
    </Card>
  );
}

/** A dispatch that changed the category records both (the routing model trains on these corrections). */
function correctedCategory(e: TicketEventView): { from: string | null; to: string } | null {
  const d = e.details;
  if (!d || typeof d.categoryId !== 'string' || !('previousCategoryId' in d)) return null;
  const from = typeof d.previousCategoryId === 'string' ? d.previousCategoryId : null;
  return from === d.categoryId ? null : { from, to: d.categoryId };
}

/** Open appeals nearby that may be the same problem: merge this one into one of them in one step. */
function Duplicates({ ticket }: { ticket: TicketView }) {
  const query = useQuery({ queryKey: ticketKeys.duplicates(ticket.id), queryFn: () => ticketService.duplicates(ticket.id) });
  const [into, setInto] = useState<string | null>(null);
  return (
    <Card title="疑似重复诉求">
      <QueryState query={query} isEmpty={(d) => d.length === 0} empty="未发现疑似重复">
        {(candidates) => (
          <List
            dataSource={candidates}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button key="merge" size="small" onClick={() => setInto(c.ticket.id)}>
                    合并到此
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={<Link to={`/tickets/${c.ticket.id}`}>{c.ticket.number}</Link>}
                  description={`${c.ticket.description.slice(0, 60)} · 相距 ${Math.round(c.distanceMeters)} 米 · ${TICKET_STATUS_LABELS[c.ticket.status]}`}
                />
              </List.Item>
            )}
          />
        )}
      </QueryState>
      {into && <ActionModal ticket={ticket} action="merge" initial={{ intoTicketId: into }} onClose={() => setInto(null)} />}
      {query.isError && <Alert type="warning" message="无法检查重复" />}
    </Card>
  );
}
