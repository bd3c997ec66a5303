import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { type AppConfig, ConfigError, loadConfig } from './config/config.js';

/** The environment read and checked, or the process ends with the message naming the variable (exit 1). */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** A one-off command (`npm run seed`, `npm run train:routing`): the application without its HTTP server. */
export async function withAppContext<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const { NestFactory } = await import('@nestjs/core');
  const { ensureMysqlDatabase } = await import('./database/data-source.js');
  const { AppModule } = await import('./app.module.js');
  if (config.database.driver === 'mysql') await ensureMysqlDatabase(config.database.url);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
