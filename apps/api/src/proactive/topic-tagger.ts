import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { decodeTime } from 'ulid';
import { BackgroundJobs } from '../common/background-jobs.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { monthStart } from './topics.service.js';
import { floorId, ProactiveRepository } from './proactive.repository.js';
import { matchesRule } from './topic-rule.js';

const CURSOR = 'tickets';
const BATCH = 500;
const MAX_BATCHES = 20;
/**
 * Ids are made by the filing process before its transaction commits, so a ticket may become visible after one with
 * a later id. The cursor stays this far behind the clock: tickets newer than that are tagged, and read again next pass.
 */
export const COMMIT_LAG_MS = 60_000;


export interface TagReport {
  read: number;
  tagged: number;
}

/**
 * Tags newly filed appeals to the open topics whose rule they match, without touching the filing code: a background
 * pass reads the tickets after a cursor (ULID order) and inserts topic_tickets rows. Safe on several processes: the
 * rows' primary key makes tagging idempotent and the cursor moves by a guarded update.
 */
@Injectable()
export class TopicTagger implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ProactiveRepository,
    private readonly jobs: BackgroundJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.every('topic-tagger', this.config.topicTagIntervalMs, () => this.tagNew());
  }

  async tagNew(now = new Date()): Promise<TagReport> {
    const report: TagReport = { read: 0, tagged: 0 };
    const topics = (await this.repo.openTopics()).filter((t) => monthStart(t.month).getTime() <= now.getTime());
    if (topics.length === 0) return report;
    // Before the first pass, the topics' own on-demand tagging covered everything up to their creation.
    const earliest = Math.min(...topics.map((t) => t.createdAt.getTime())) - COMMIT_LAG_MS;
    let cursor = (await this.repo.cursor(CURSOR)) ?? (await this.repo.ensureCursor(CURSOR, floorId(Math.max(0, earliest))));
    const settled = now.getTime() - COMMIT_LAG_MS;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const tickets = await this.repo.ticketsAfter(cursor.lastTicketId, BATCH);
      report.read += tickets.length;
      for (const topic of topics) {
        const start = monthStart(topic.month).getTime();
        const ids = tickets.filter((t) => t.createdAt.getTime() >= start && matchesRule(topic.rule, t)).map((t) => t.id);
        if (ids.length === 0) continue;
        await this.repo.tag(topic.id, ids, 'auto', null, now);
        report.tagged += ids.length;
      }
      const settledIds = tickets.filter((t) => decodeTime(t.id) < settled);
      const last = settledIds.at(-1)?.id;
      if (last === undefined || settledIds.length < tickets.length) {
        if (last !== undefined) await this.repo.advanceCursor(CURSOR, cursor.lastTicketId, last);
        break;
      }
      if (!(await this.repo.advanceCursor(CURSOR, cursor.lastTicketId, last))) break; // another process is on it
      cursor = { ...cursor, lastTicketId: last };
      if (tickets.length < BATCH) break;
    }
    return report;
  }
}
