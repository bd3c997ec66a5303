import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '../config/config.js';

/** `npm run train:routing`: retrains the dispatch-suggestion model from labelled data and closed tickets. */
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
const { ensureMysqlDatabase } = await import('../database/data-source.js');
const { AppModule } = await import('../app.module.js');
const { RoutingService } = await import('./routing.service.js');
if (config.database.driver === 'mysql') await ensureMysqlDatabase(config.database.url);
const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
try {
  const report = await app.get(RoutingService).train('train:routing');
  process.stdout.write(`train:routing: model ${report.id} from ${report.labelled} labelled messages, ${report.taxonomy} taxonomy leaves, ${report.tickets} closed tickets (${report.labels} classes, ${report.terms} terms)\n`);
} finally {
  await app.close();
}
