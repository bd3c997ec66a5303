import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calendarFrom, type WorkCalendar } from '@jyg12345/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { CalendarDayEntity } from '../database/entities.js';

const TTL_MS = 60_000;

/** The working-day calendar from the database, cached briefly (admins change it a few times a year). */
@Injectable()
export class WorkCalendarService {
  private cache: { at: number; calendar: WorkCalendar } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  invalidate(): void {
    this.cache = null;
  }

  /** The calendar as stored right now, bypassing the cache (before a change, to know what it changes). */
  async fresh(manager: EntityManager = this.db.manager): Promise<WorkCalendar> {
    return calendarFrom(await manager.find(CalendarDayEntity));
  }

  /** Inside a transaction pass its manager: a second pooled connection taken while holding one can starve the pool (and SQLite has one). */
  async get(manager: EntityManager = this.db.manager): Promise<WorkCalendar> {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache.calendar;
    const days = await manager.find(CalendarDayEntity);
    this.cache = { at: Date.now(), calendar: calendarFrom(days) };
    return this.cache.calendar;
  }
}
