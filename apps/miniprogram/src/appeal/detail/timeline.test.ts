import { describe, expect, it } from '@jest/globals';
import type { TicketEventView } from '@jyg12345/shared';
import { ticketView } from '../../../test/fixtures';
import { formatDateTime } from '../../utils/format';
import { timelineOf } from './timeline';

const event = (patch: Partial<TicketEventView>): TicketEventView => ({
  id: 'e1',
  ticketId: 't1',
  action: 'submit',
  fromStatus: null,
  toStatus: 'submitted',
  actorRole: 'resident',
  unitId: null,
  note: null,
  details: null,
  createdAt: '2026-11-28T08:00:00Z',
  ...patch,
});

describe('timelineOf', () => {
  it('lists events newest first, titled by the status reached', () => {
    const steps = timelineOf(ticketView({ status: 'dispatched' }), [
      event({ id: 'e1' }),
      event({ id: 'e2', action: 'accept', fromStatus: 'submitted', toStatus: 'accepted', createdAt: '2026-11-28T09:00:00Z' }),
      event({ id: 'e3', action: 'dispatch', fromStatus: 'accepted', toStatus: 'dispatched', note: '派至雄关区市政', createdAt: '2026-11-28T10:00:00Z' }),
    ]);

    expect(steps.map((s) => [s.title, s.note])).toEqual([
      ['已派单', '派至雄关区市政'],
      ['已受理', null],
      ['已提交', null],
    ]);
  });

  it('names actions that keep the status by the action', () => {
    const steps = timelineOf(ticketView(), [
      event({ id: 'e2', action: 'supplement', fromStatus: 'submitted', toStatus: 'submitted', note: '补充：晚上 8 点后最明显', createdAt: '2026-11-28T09:00:00Z' }),
      event({ id: 'e1' }),
    ]);
    expect(steps[0]!.title).toBe('补充材料');
  });

  it('puts the handling unit and the reply deadline on the dispatch, and the unit on its own steps', () => {
    const due = '2026-12-07T10:00:00Z';
    const names: Record<string, string> = { u1: '嘉峪关市热力公司', centre: '12345 热线中心' };
    const steps = timelineOf(ticketView({ status: 'in_progress', leadUnitId: 'u1', replyDueAt: due }), [
      event({ id: 'e3', action: 'dispatch', fromStatus: 'accepted', toStatus: 'dispatched', unitId: 'centre', actorRole: 'operator', createdAt: '2026-11-28T10:00:00Z' }),
      event({ id: 'e4', action: 'sign', fromStatus: 'dispatched', toStatus: 'in_progress', unitId: 'u1', actorRole: 'handler', createdAt: '2026-11-28T11:00:00Z' }),
    ], (id) => (id ? (names[id] ?? null) : null));
    expect(steps.map((s) => [s.title, s.detail])).toEqual([
      ['办理中', '嘉峪关市热力公司'],
      ['已派单', `承办单位：嘉峪关市热力公司 · 答复期限：${formatDateTime(due)}`],
    ]);
  });

  it('falls back to the ticket dates when there are no events', () => {
    expect(timelineOf(ticketView(), null).map((s) => s.title)).toEqual(['已提交']);
    expect(timelineOf(ticketView({ status: 'in_progress', updatedAt: '2026-11-29T08:00:00Z' }), null).map((s) => [s.title, s.time])).toEqual([
      ['办理中', '2026-11-29T08:00:00Z'],
      ['已提交', '2026-11-28T08:00:00Z'],
    ]);
  });
});
