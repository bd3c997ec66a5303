import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * The one way background work runs in an API process: the deadline scanner, the notification and province
 * deliveries and the photo sweep each register a job here, held by @nestjs/schedule's registry. A job never
 * overlaps itself (a pass still running when the next is due is skipped), failures are logged and retried at the
 * next pass, timers do not keep the process alive, and shutdown waits for the passes in flight. Running on several
 * processes at once is each job's own business: they all claim their rows with guarded updates (leases).
 */
@Injectable()
export class BackgroundJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('BackgroundJobs');
  private readonly running = new Map<string, Promise<unknown>>();
  private stopped = false;

  constructor(private readonly registry: SchedulerRegistry) {}

  /** Runs `pass` every `everyMs` (nothing when `everyMs` ≤ 0: the job is off). */
  every(name: string, everyMs: number, pass: () => Promise<unknown>): void {
    if (everyMs <= 0 || this.stopped) return;
    const timer = setInterval(() => {
      if (this.stopped || this.running.has(name)) return;
      const run = pass()
        .catch((err: unknown) => this.logger.warn({ job: name, err: err instanceof Error ? err.message : String(err) }, 'background pass failed'))
        .finally(() => this.running.delete(name));
      this.running.set(name, run);
    }, everyMs);
    timer.unref();
    this.registry.addInterval(name, timer);
  }

  /** The names of the jobs this process runs. */
  names(): string[] {
    return this.registry.getIntervals();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const name of this.registry.getIntervals()) this.registry.deleteInterval(name);
    await Promise.all(this.running.values());
  }
}
