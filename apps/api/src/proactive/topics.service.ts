import { Injectable, Optional } from '@nestjs/common';
import { ErrorCode } from '@jyg12345/shared';
import { DataSource, In, IsNull } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AttachmentUrlSigner } from '../attachments/attachment-url.signer.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { AppError } from '../common/app-error.js';
import { newId } from '../common/ids.js';
import { CategoryEntity, StaffEntity, TicketEntity, UnitEntity } from '../database/entities.js';
import { addDays, chinaDayOf, chinaMidnight } from './hotspots.js';
import type { AssignTopicDto, CreateTopicDto, EvaluateTopicDto, TopicReportDto } from './proactive.dto.js';
import { TopicEntity, TopicReportEntity, type TopicRule, type TopicStatus, TopicTicketEntity } from './proactive.entities.js';
import { ProactiveRepository } from './proactive.repository.js';
import { ruleIsSpecific } from './topic-rule.js';

type Staff = Extract<Principal, { kind: 'staff' }>;

/** Tickets tagged on demand at most (a month of one problem's appeals). */
const TAG_ON_DEMAND = 5000;
/** Months before the topic's month shown in the evaluation. */
const MONTHS_BEFORE = 3;
const TICKETS_LISTED = 500;

export const monthStart = (month: string): Date => chinaMidnight(`${month}-01`);
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
export const currentMonth = (now = new Date()): string => chinaDayOf(now).slice(0, 7);

export interface TopicView extends TopicEntity {
  leadUnitName: string | null;
  cooperatingUnits: { id: string; name: string }[];
  taggedTickets: number;
}

/** A unit's report as shown: its unit's name and its photos (URLs signed for whoever may read the topic). */
export interface TopicReportView extends TopicReportEntity {
  unitName: string;
  photos: { id: string; url: string; thumbnailUrl: string }[];
}

export interface EvaluationView {
  topic: TopicView;
  /** Appeals matching the rule, per month: the topic's month last. */
  months: { month: string; matching: number; tagged: number | null }[];
  reports: TopicReportView[];
}

/** 每月一题: 选题 → 交题 → 答题 → 评题 (docs/hotspots.md). */
@Injectable()
export class TopicsService {
  constructor(
    private readonly repo: ProactiveRepository,
    // absent only in the demo seed's instance, which writes no reports
    @Optional() private readonly attachments?: AttachmentsService,
    @Optional() private readonly signer?: AttachmentUrlSigner,
  ) {}

  private get db(): DataSource {
    return this.repo.db;
  }

  /** Units taking part: the lead and the cooperating units. */
  static involves(topic: TopicEntity, unitId: string): boolean {
    return topic.leadUnitId === unitId || topic.cooperatingUnitIds.includes(unitId);
  }

  private static mayRead(p: Staff, topic: TopicEntity): boolean {
    return p.role !== 'handler' || TopicsService.involves(topic, p.unitId);
  }

  /** The topic if the caller may see it; "not found" and "not yours" are one answer. */
  private async load(p: Staff, id: string): Promise<TopicEntity> {
    const topic = await this.db.getRepository(TopicEntity).findOne({ where: { id } });
    if (!topic || !TopicsService.mayRead(p, topic)) throw new AppError(ErrorCode.TOPIC_NOT_FOUND);
    return topic;
  }

  private async views(topics: TopicEntity[]): Promise<TopicView[]> {
    if (topics.length === 0) return [];
    const unitIds = [...new Set(topics.flatMap((t) => [...(t.leadUnitId ? [t.leadUnitId] : []), ...t.cooperatingUnitIds]))];
    const units = new Map((unitIds.length ? await this.db.getRepository(UnitEntity).find({ where: { id: In(unitIds) }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
    const counts = await this.db
      .createQueryBuilder(TopicTicketEntity, 'tt')
      .select('tt.topicId', 'topicId')
      .addSelect('COUNT(*)', 'n')
      .where('tt.topicId IN (:...ids)', { ids: topics.map((t) => t.id) })
      .andWhere('tt.removedAt IS NULL')
      .groupBy('tt.topicId')
      .getRawMany<{ topicId: string; n: string | number }>();
    const tagged = new Map(counts.map((c) => [c.topicId, Number(c.n)]));
    return topics.map((t) => ({
      ...t,
      leadUnitName: t.leadUnitId ? (units.get(t.leadUnitId) ?? null) : null,
      cooperatingUnits: t.cooperatingUnitIds.map((id) => ({ id, name: units.get(id) ?? id })),
      taggedTickets: tagged.get(t.id) ?? 0,
    }));
  }

  /** Topics are few (about one a month): filtering the caller's in memory is cheaper than a join table. */
  async list(p: Staff, month?: string): Promise<TopicView[]> {
    const all = await this.db.getRepository(TopicEntity).find({ where: month ? { month } : {}, order: { month: 'DESC', id: 'DESC' } });
    return this.views(all.filter((t) => TopicsService.mayRead(p, t)));
  }

  async get(p: Staff, id: string): Promise<TopicView & { reports: TopicReportView[] }> {
    const topic = await this.load(p, id);
    const [view] = await this.views([topic]);
    return { ...(view as TopicView), reports: await this.reports(id) };
  }

  /** The topic of the current month the big screen shows: the newest one still open, else the newest. */
  async current(now = new Date()): Promise<TopicView | null> {
    const month = currentMonth(now);
    const topics = await this.db.getRepository(TopicEntity).find({ where: { month }, order: { id: 'DESC' } });
    const pick = topics.find((t) => t.status !== 'evaluated') ?? topics[0];
    return pick ? ((await this.views([pick]))[0] ?? null) : null;
  }

  /** A topic's reports, oldest first, each with its unit's name and its photos. */
  private async reports(topicId: string): Promise<TopicReportView[]> {
    const rows = await this.db.getRepository(TopicReportEntity).find({ where: { topicId }, order: { id: 'ASC' } });
    if (rows.length === 0) return [];
    const unitIds = [...new Set(rows.map((r) => r.unitId))];
    const units = new Map((await this.db.getRepository(UnitEntity).find({ where: { id: In(unitIds) }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    const photos = (await this.attachments?.listForTopicReports(rows.map((r) => r.id))) ?? [];
    const signer = this.signer;
    return rows.map((r) => ({
      ...r,
      unitName: units.get(r.unitId) ?? r.unitId,
      photos: signer
        ? photos.filter((a) => a.topicReportId === r.id).map((a) => ({ id: a.id, url: signer.url(a.id, 'display'), thumbnailUrl: signer.url(a.id, 'thumbnail') }))
        : [],
    }));
  }

  private async checkRule(rule: TopicRule): Promise<void> {
    if (!ruleIsSpecific(rule)) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'rule', message: '匹配规则至少要包含一个分类或一个关键词' }]);
    const categories = [...new Set(rule.categoryIds)];
    if (categories.length > 0 && (await this.db.getRepository(CategoryEntity).count({ where: { id: In(categories) } })) !== categories.length) {
      throw new AppError(ErrorCode.CATEGORY_NOT_FOUND);
    }
    const communities = [...new Set(rule.communityIds)];
    if (communities.length > 0 && (await this.db.getRepository(UnitEntity).count({ where: { id: In(communities), kind: 'community' } })) !== communities.length) {
      throw new AppError(ErrorCode.UNIT_NOT_FOUND, '社区不存在');
    }
  }

  /** 选题: the problem, the rule that finds its appeals, the month. Appeals of the month so far are tagged at once. */
  async create(p: Staff, dto: CreateTopicDto, now = new Date()): Promise<TopicView> {
    const rule: TopicRule = { categoryIds: [...new Set(dto.rule.categoryIds)], words: [...new Set(dto.rule.words)], communityIds: [...new Set(dto.rule.communityIds)] };
    await this.checkRule(rule);
    const topic: TopicEntity = {
      id: newId(),
      title: dto.title,
      problem: dto.problem,
      month: dto.month,
      rule,
      status: 'selected',
      source: dto.source ?? null,
      leadUnitId: null,
      cooperatingUnitIds: [],
      standard: null,
      deadline: null,
      verdict: null,
      verdictNote: null,
      version: 1,
      createdBy: p.id,
      createdAt: now,
      updatedAt: now,
      assignedAt: null,
      evaluatedBy: null,
      evaluatedAt: null,
    };
    await this.db.getRepository(TopicEntity).insert(topic);
    await this.tagOnDemand(topic, now);
    return (await this.views([topic]))[0] as TopicView;
  }

  /** A guarded update: the topic is still at `version` and in one of `from`; else the caller learns why not. */
  private async move(topic: TopicEntity, version: number, from: readonly TopicStatus[], patch: Partial<TopicEntity>, now: Date): Promise<TopicEntity> {
    if (!from.includes(topic.status)) throw new AppError(ErrorCode.TOPIC_STATE_INVALID);
    if (topic.version !== version) throw new AppError(ErrorCode.VERSION_CONFLICT, '专题已被他人修改，请刷新后重试');
    const r = await this.db
      .createQueryBuilder()
      .update(TopicEntity)
      .set({ ...patch, version: version + 1, updatedAt: now })
      .where('id = :id AND version = :version AND status IN (:...from)', { id: topic.id, version, from })
      .execute();
    if ((r.affected ?? 0) === 0) throw new AppError(ErrorCode.VERSION_CONFLICT, '专题已被他人修改，请刷新后重试');
    return { ...topic, ...patch, version: version + 1, updatedAt: now };
  }

  /** 交题: the lead unit, the cooperating units, the standard of "solved", the deadline. */
  async assign(p: Staff, id: string, dto: AssignTopicDto, now = new Date()): Promise<TopicView> {
    const topic = await this.load(p, id);
    const cooperating = [...new Set(dto.cooperatingUnitIds)].filter((u) => u !== dto.leadUnitId);
    const wanted = [dto.leadUnitId, ...cooperating];
    const found = await this.db.getRepository(UnitEntity).count({ where: { id: In(wanted), active: true } });
    if (found !== wanted.length) throw new AppError(ErrorCode.UNIT_NOT_FOUND);
    if (dto.deadline < chinaDayOf(now)) throw new AppError(ErrorCode.VALIDATION_FAILED, undefined, [{ path: 'deadline', message: '期限不能早于今天' }]);
    const moved = await this.move(
      topic,
      dto.version,
      ['selected', 'assigned'],
      { status: 'assigned', leadUnitId: dto.leadUnitId, cooperatingUnitIds: cooperating, standard: dto.standard, deadline: dto.deadline, assignedAt: now },
      now,
    );
    await this.tagOnDemand(moved, now);
    return (await this.views([moved]))[0] as TopicView;
  }

  /**
   * 答题: a unit taking part reports progress, with the photos its author uploaded (at most 9, each used once); the
   * first report moves the topic to answering. The report and its photos are one transaction: a refused photo
   * leaves no report.
   */
  async report(p: Staff, id: string, dto: TopicReportDto, now = new Date()): Promise<TopicReportView> {
    const topic = await this.load(p, id);
    if (!TopicsService.involves(topic, p.unitId)) throw new AppError(ErrorCode.TOPIC_NOT_FOUND);
    if (topic.status !== 'assigned' && topic.status !== 'answering') throw new AppError(ErrorCode.TOPIC_STATE_INVALID);
    const report: TopicReportEntity = { id: newId(), topicId: id, unitId: p.unitId, authorId: p.id, content: dto.content, createdAt: now };
    const photoIds = dto.attachmentIds ?? [];
    const attachments = this.attachments;
    if (photoIds.length > 0 && !attachments) throw new AppError(ErrorCode.INTERNAL_ERROR);
    await this.db.transaction(async (tx) => {
      await tx.insert(TopicReportEntity, report);
      if (attachments) await attachments.claimForTopicReport(tx, p.id, photoIds, report.id);
      // several units may report at once: only the first one moves the status, none conflicts
      await tx
        .createQueryBuilder()
        .update(TopicEntity)
        .set({ status: 'answering', version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND status = :assigned', { id, assigned: 'assigned' })
        .execute();
    });
    return (await this.reports(id)).find((r) => r.id === report.id) as TopicReportView;
  }

  /** 评题, the figures: matching appeals in the topic's month against the months before, tags, the units' reports. */
  async evaluation(p: Staff, id: string): Promise<EvaluationView> {
    const topic = await this.load(p, id);
    const months: EvaluationView['months'] = [];
    for (let i = MONTHS_BEFORE; i >= 0; i--) {
      const month = addMonths(topic.month, -i);
      const matching = await this.repo.countMatching(topic.rule, monthStart(month), monthStart(addMonths(month, 1)));
      months.push({ month, matching, tagged: null });
    }
    const [view] = await this.views([topic]);
    (months.at(-1) as EvaluationView['months'][number]).tagged = (view as TopicView).taggedTickets;
    return { topic: view as TopicView, months, reports: await this.reports(id) };
  }

  /** 评题, the verdict. */
  async evaluate(p: Staff, id: string, dto: EvaluateTopicDto, now = new Date()): Promise<TopicView> {
    const topic = await this.load(p, id);
    const moved = await this.move(topic, dto.version, ['assigned', 'answering'], { status: 'evaluated', verdict: dto.verdict, verdictNote: dto.note, evaluatedBy: p.id, evaluatedAt: now }, now);
    return (await this.views([moved]))[0] as TopicView;
  }

  private mayTag(p: Staff, topic: TopicEntity): boolean {
    return p.role !== 'handler' || TopicsService.involves(topic, p.unitId);
  }

  async tickets(p: Staff, id: string): Promise<{ ticketId: string; number: string; status: string; title: string | null; description: string; createdAt: Date; source: string }[]> {
    await this.load(p, id);
    const rows = await this.db
      .createQueryBuilder(TopicTicketEntity, 'tt')
      .innerJoin(TicketEntity, 't', 't.id = tt.ticketId')
      .select(['tt.ticketId AS ticketId', 'tt.source AS source', 't.number AS number', 't.status AS status', 't.title AS title', 't.description AS description', 't.createdAt AS createdAt'])
      .where('tt.topicId = :id AND tt.removedAt IS NULL', { id })
      .orderBy('tt.ticketId', 'DESC')
      .limit(TICKETS_LISTED)
      .getRawMany<{ ticketId: string; source: string; number: string; status: string; title: string | null; description: string; createdAt: Date | string }>();
    return rows.map((r) => ({ ...r, createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(`${r.createdAt.replace(' ', 'T')}Z`) }));
  }

  /** Staff tag a ticket by hand (again, if it was untagged). */
  async tag(p: Staff, id: string, ticketId: string, now = new Date()): Promise<void> {
    const topic = await this.load(p, id);
    if (!this.mayTag(p, topic)) throw new AppError(ErrorCode.TOPIC_NOT_FOUND);
    if (!(await this.db.getRepository(TicketEntity).exists({ where: { id: ticketId } }))) throw new AppError(ErrorCode.TICKET_NOT_FOUND);
    await this.repo.tag(id, [ticketId], 'manual', p.id, now);
    await this.db.getRepository(TopicTicketEntity).update({ topicId: id, ticketId }, { removedAt: null, source: 'manual', taggedBy: p.id, taggedAt: now });
  }

  /** Untagged rows stay (removedAt), so automatic tagging does not put the ticket back. */
  async untag(p: Staff, id: string, ticketId: string, now = new Date()): Promise<void> {
    const topic = await this.load(p, id);
    if (!this.mayTag(p, topic)) throw new AppError(ErrorCode.TOPIC_NOT_FOUND);
    const r = await this.db.getRepository(TopicTicketEntity).update({ topicId: id, ticketId, removedAt: IsNull() }, { removedAt: now, taggedBy: p.id });
    if ((r.affected ?? 0) === 0) throw new AppError(ErrorCode.TICKET_NOT_FOUND, '该诉求未关联此专题');
  }

  /** Tagging on demand, by hand: appeals classified after they were filed are not seen again by the tagger. */
  async retag(p: Staff, id: string, now = new Date()): Promise<number> {
    const topic = await this.load(p, id);
    if (topic.status === 'evaluated') throw new AppError(ErrorCode.TOPIC_STATE_INVALID);
    return this.tagOnDemand(topic, now);
  }

  /** Tags the appeals of the topic's month so far that match its rule (idempotent). */
  async tagOnDemand(topic: TopicEntity, now = new Date()): Promise<number> {
    const start = monthStart(topic.month);
    const end = new Date(Math.min(now.getTime() + 1, monthStart(addMonths(topic.month, 1)).getTime()));
    if (end <= start) return 0;
    const ids = await this.repo.matchingIds(topic.rule, start, end, TAG_ON_DEMAND);
    await this.repo.tag(topic.id, ids, 'auto', null, now);
    return ids.length;
  }

  /**
   * The two demo topics of the reference city (demo seed only): 暖气不热 (housing bureau leads, heating company helps)
   * and 噪声扰民 (city management leads, ecology and market regulation help), for the current month. Skipped when a
   * topic of the same title exists for the month.
   */
  async seedDemoTopics(now = new Date()): Promise<number> {
    const month = currentMonth(now);
    const units = new Map((await this.db.getRepository(UnitEntity).find({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
    const categories = await this.db.getRepository(CategoryEntity).find({ select: { id: true, level3: true } });
    const categoryIds = (level3: string) => categories.filter((c) => c.level3 === level3).map((c) => c.id);
    const supervisor = await this.db.getRepository(StaffEntity).findOne({ where: { username: 'supervisor' } });
    if (!supervisor) return 0;
    const p: Staff = { kind: 'staff', id: supervisor.id, role: 'supervisor', unitId: supervisor.unitId };
    const demos = [
      {
        title: '暖气不热',
        problem: '入冬以来多个小区反映暖气不热、室温不达标，集中在老旧小区和管网末端。',
        rule: { categoryIds: categoryIds('冬季采暖'), words: ['暖气', '不热', '供暖', '室温'], communityIds: [] },
        lead: 'dept.housing',
        cooperating: ['co.heating'],
        standard: '供暖期内居民室温不低于 18℃；报修 24 小时内上门；本月同类诉求环比下降 30% 以上。',
      },
      {
        title: '噪声扰民',
        problem: '夜间施工、商铺外放音响、广场舞等噪声扰民诉求持续较多。',
        rule: { categoryIds: categoryIds('噪音污染'), words: ['噪音', '噪声', '扰民'], communityIds: [] },
        lead: 'dept.urban_management',
        cooperating: ['dept.ecology', 'dept.market'],
        standard: '夜间施工噪声诉求当日处置；违规外放商户全部整改；本月同类诉求环比下降 20% 以上。',
      },
    ];
    const existing = new Set((await this.db.getRepository(TopicEntity).find({ where: { month }, select: { id: true, title: true } })).map((t) => t.title));
    let added = 0;
    for (const d of demos) {
      const lead = units.get(d.lead);
      const cooperating = d.cooperating.map((c) => units.get(c)).filter((u): u is string => u !== undefined);
      if (existing.has(d.title) || !lead) continue;
      const created = await this.create(p, { title: d.title, problem: d.problem, month, rule: d.rule }, now);
      const lastDay = addDays(`${addMonths(month, 1)}-01`, -1);
      await this.assign(p, created.id, { version: created.version, leadUnitId: lead, cooperatingUnitIds: cooperating, standard: d.standard, deadline: lastDay }, now);
      added++;
    }
    return added;
  }
}

/** For the seed (demo data only): the demo topics through the service, without wiring the seeder to this module. */
export function seedDemoTopics(db: DataSource): Promise<number> {
  return new TopicsService(new ProactiveRepository(db)).seedDemoTopics();
}
