import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import type { HealthView } from '@jyg12345/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/access.js';

const VERSION = '0.1.0';
const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
@Public()
export class HealthController {
  /**
   * The probe still waiting for the database, shared by every check meanwhile: with the database frozen a probe
   * holds its pooled connection until the statement timeout, and a load balancer polling health must not take
   * the whole pool that way.
   */
  private probe: Promise<unknown> | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    const driver = this.db.options.type === 'mysql' ? 'mysql' : 'sqlite';
    const up = await this.databaseUp();
    if (!up) void reply.status(503);
    void reply.header('cache-control', 'no-store');
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', driver, version: VERSION };
  }

  private async databaseUp(): Promise<boolean> {
    const probe = (this.probe ??= this.db.query('SELECT 1').finally(() => {
      this.probe = null;
    }));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
