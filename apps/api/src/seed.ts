import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
const { ensureMysqlDatabase } = await import('./database/data-source.js');
const { AppModule } = await import('./app.module.js');
const { SeedService } = await import('./seed/seed.service.js');
if (config.database.driver === 'mysql') await ensureMysqlDatabase(config.database.url);
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
try {
  const report = await app.get(SeedService).run({ demo: config.seedDemo });
  process.stdout.write(`seed: added ${JSON.stringify(report)} (demo data ${config.seedDemo ? 'on' : 'off'})\n`);
} finally {
  await app.close();
}
