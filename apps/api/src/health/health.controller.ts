import { Controller, Get, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import type { HealthView } from '@jyg12345/shared';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard.js';

const VERSION = '0.1.0';
const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller({ path: 'health', version: VERSION_NEUTRAL })
@Public()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthView> {
    const driver = this.db.options.type === 'mysql' ? 'mysql' : 'sqlite';
    let up = false;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref()),
      ]);
      up = true;
    } catch {
      up = false;
    }
    if (!up) void reply.status(503);
    void reply.header('cache-control', 'no-store');
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', driver, version: VERSION };
  }
}
