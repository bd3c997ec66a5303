import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SEED_CALENDAR_2026, SEED_CATEGORIES, SEED_TICKETS, SEED_UNITS, seedStaff } from '@jyg12345/seeds';
import { DataSource, In } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  CalendarDayEntity,
  CategoryEntity,
  ResidentEntity,
  StaffEntity,
  TicketEntity,
  UnitEntity,
} from '../database/entities.js';
import { seedBoundaries } from '../geo/seed-boundaries.js';
import { seedDemoTopics } from '../proactive/topics.service.js';
import { ensureRoutingModel } from '../routing/trainer.js';
import { TicketActionsService } from '../tickets/ticket-actions.service.js';
import { TicketsService } from '../tickets/tickets.service.js';

export interface SeedReport {
  units: number;
  categories: number;
  calendarDays: number;
  staff: number;
  tickets: number;
}

const CHUNK = 200;
function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Loads Jiayuguan's organisation, categories and calendar (always), and demo staff and appeals (only when
 * seedDemo, never in production). Idempotent: rows are matched by their business keys and only missing ones
 * are added, so an admin's later edits survive a re-seed.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly actions: TicketActionsService,
  ) {}

  async run(options: { demo: boolean } = { demo: this.config.seedDemo }): Promise<SeedReport> {
    if (options.demo && this.config.nodeEnv === 'production') throw new Error('SEED_DEMO: demo data never loads when NODE_ENV=production');
    const report: SeedReport = { units: 0, categories: 0, calendarDays: 0, staff: 0, tickets: 0 };
    const unitIds = await this.seedUnits(report);
    await this.seedCategories(unitIds, report);
    await this.seedCalendar(report);
    // Service area + APPROXIMATE street areas, and the first dispatch-suggestion model (seeds/src/geo.ts, labelled.jsonl).
    const boundaries = await seedBoundaries(this.db, unitIds);
    const routingModel = await ensureRoutingModel(this.db);
    if (boundaries > 0 || routingModel) this.logger.log({ boundaries, routingModel }, 'seeded boundaries and the routing model');
    if (options.demo) {
      await this.seedDemoStaff(unitIds, report);
      await this.seedDemoTickets(report);
      await seedDemoTopics(this.db);
    }
    this.logger.log({ added: report }, 'seed complete');
    return report;
  }

  private async seedUnits(report: SeedReport): Promise<Map<string, string>> {
    const repo = this.db.getRepository(UnitEntity);
    const existing = new Map((await repo.find({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
    const now = new Date();
    const fresh: UnitEntity[] = [];
    for (const u of SEED_UNITS) {
      if (existing.has(u.code)) continue;
      const id = newId();
      existing.set(u.code, id);
      fresh.push(repo.create({ id, code: u.code, name: u.name, kind: u.kind, parentId: null, active: true, createdAt: now }));
    }
    // Parents resolve after every code has an id, whatever the order of the seed list.
    for (const row of fresh) {
      const parentCode = SEED_UNITS.find((u) => u.code === row.code)?.parentCode ?? null;
      row.parentId = parentCode === null ? null : (existing.get(parentCode) ?? null);
    }
    await this.db.transaction(async (tx) => {
      for (const c of chunks(fresh)) await tx.insert(UnitEntity, c);
    });
    report.units = fresh.length;
    return existing;
  }

  private async seedCategories(unitIds: Map<string, string>, report: SeedReport): Promise<void> {
    const repo = this.db.getRepository(CategoryEntity);
    const existing = new Set((await repo.find({ select: { code: true } })).map((c) => c.code));
    const fresh = SEED_CATEGORIES.filter((c) => !existing.has(c.code)).map((c) =>
      repo.create({
        id: newId(),
        code: c.code,
        level1: c.level1,
        level2: c.level2,
        level3: c.level3,
        defaultUnitId: unitIds.get(c.defaultUnitCode) ?? null,
        replyDays: c.replyDays,
        active: true,
      }),
    );
    await this.db.transaction(async (tx) => {
      for (const c of chunks(fresh)) await tx.insert(CategoryEntity, c);
    });
    report.categories = fresh.length;
  }

  private async seedCalendar(report: SeedReport): Promise<void> {
    const repo = this.db.getRepository(CalendarDayEntity);
    const existing = new Set((await repo.find({ select: { date: true } })).map((d) => d.date));
    const fresh = SEED_CALENDAR_2026.filter((d) => !existing.has(d.date));
    if (fresh.length > 0) await repo.insert(fresh);
    report.calendarDays = fresh.length;
  }

  private async seedDemoStaff(unitIds: Map<string, string>, report: SeedReport): Promise<void> {
    const repo = this.db.getRepository(StaffEntity);
    const wanted = seedStaff(SEED_UNITS);
    const existing = new Set(
      (await repo.find({ select: { username: true }, where: { username: In(wanted.map((s) => s.username)) } })).map((s) => s.username),
    );
    const now = new Date();
    const fresh: StaffEntity[] = [];
    // One hash shared by the demo accounts: they share one documented password anyway, and seeding stays fast.
    const passwordHash = await hashPassword(this.config.demoPassword, this.config.passwordScryptCost);
    for (const s of wanted) {
      const unitId = unitIds.get(s.unitCode);
      if (existing.has(s.username) || !unitId) continue;
      fresh.push(
        repo.create({
          id: newId(),
          username: s.username,
          passwordHash,
          displayName: s.displayName,
          role: s.role,
          unitId,
          phone: s.phone,
          active: true,
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    await this.db.transaction(async (tx) => {
      for (const c of chunks(fresh)) await tx.insert(StaffEntity, c);
    });
    report.staff = fresh.length;
  }

  private async seedDemoTickets(report: SeedReport): Promise<void> {
    const residents = this.db.getRepository(ResidentEntity);
    const openids = [...new Set(SEED_TICKETS.map((t) => `dev:${t.openid}`))];
    const known = await residents.find({ where: { openid: In(openids) } });
    // Demo appeals load once: if the demo residents exist, they were seeded before.
    if (known.length > 0) return;
    const categories = new Map((await this.db.getRepository(CategoryEntity).find({ select: { id: true, code: true } })).map((c) => [c.code, c.id]));
    const now = new Date();
    const residentIds = new Map(openids.map((o) => [o, newId()]));
    await residents.insert(openids.map((openid) => ({ id: residentIds.get(openid) as string, openid, unionid: null, createdAt: now, lastLoginAt: now })));
    // Filed as a resident files them: the same service, validation and writer as POST /tickets.
    for (const [i, t] of SEED_TICKETS.entries()) {
      const resident: Principal = { kind: 'resident', id: residentIds.get(`dev:${t.openid}`) as string, role: 'resident' };
      const categoryId = categories.get(t.categoryCode);
      await this.tickets.file(
        resident,
        {
          type: t.type,
          description: t.description,
          location: { lat: t.lat, lng: t.lng, coordSystem: 'gcj02', address: t.address },
          confidential: false,
          ...(categoryId ? { categoryId } : {}),
        },
        `seed-demo-${i}`,
      );
    }
    report.tickets = SEED_TICKETS.length;
    await this.walkDemoTickets();
  }

  /**
   * A few demo appeals taken further, through the same actions staff take, so the units' queues are not empty
   * on first start: 暖气 accepted, dispatched to the heating company and signed (办理中); 路灯 dispatched to
   * 雄关街道 (待签收); 噪音 dispatched to the ecology department (待签收). The rest stay submitted for the operators.
   */
  private async walkDemoTickets(): Promise<void> {
    const staff = new Map((await this.db.getRepository(StaffEntity).find()).map((s) => [s.username, s]));
    const tickets = await this.db.getRepository(TicketEntity).find({ where: { status: 'submitted', channel: 'miniprogram' }, order: { id: 'ASC' } });
    const byText = (words: string) => tickets.find((t) => t.description.includes(words));
    const unitOf = (username: string) => staff.get(username)?.unitId;
    const as = (username: string): Principal | undefined => {
      const s = staff.get(username);
      return s ? { kind: 'staff', id: s.id, role: s.role, unitId: s.unitId } : undefined;
    };
    const walk: [string, string, string | undefined][] = [
      ['暖气一直不热', 'handler.co.heating', 'handler.co.heating'],
      ['路灯坏了', 'handler.620201001', undefined],
      ['夜间施工', 'handler.dept.ecology', undefined],
    ];
    const operator = as('operator');
    for (const [words, leadHandler, signer] of walk) {
      const ticket = byText(words);
      const leadUnitId = unitOf(leadHandler);
      if (!ticket?.categoryId || !operator || !leadUnitId) continue;
      let version = ticket.version;
      // Taken through the same entry point as a staff member's request: access, the workflow table, validation.
      const step = async (actor: Principal, action: 'accept' | 'dispatch' | 'sign', body: Record<string, unknown>) => {
        const result = await this.actions.act(actor, ticket.id, action, { version, ...body }, null);
        version = result.body.version;
      };
      await step(operator, 'accept', { categoryId: ticket.categoryId, type: ticket.type });
      await step(operator, 'dispatch', { leadUnitId });
      const handler = signer ? as(signer) : undefined;
      if (handler) await step(handler, 'sign', {});
    }
  }
}
