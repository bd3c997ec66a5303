import type { DatabaseConfig } from './config/config.js';
import { ASSESSMENT_ENTITIES } from './assessment/assessment.entities.js';
import { createDataSource as create, dataSourceOptions as options, type Schema } from './database/data-source.js';
import { CORE_ENTITIES } from './database/entities.js';
import { MYSQL_MIGRATIONS } from './database/migrations/mysql/index.js';
import { OutboxMessageEntity } from './notifications/outbox.entity.js';
import { ProvinceOutboxEntity, ProvinceTicketEntity } from './notifications/province.entities.js';
import { Open311KeyEntity } from './open311/open311-key.entity.js';
import { PROACTIVE_ENTITIES } from './proactive/proactive.entities.js';
import { SECURITY_ENTITIES } from './security/security.entities.js';

/** Every table of the product: the core ones and each feature folder's own. */
export const ENTITIES = [
  ...CORE_ENTITIES,
  OutboxMessageEntity,
  ProvinceTicketEntity,
  ProvinceOutboxEntity,
  Open311KeyEntity,
  ...ASSESSMENT_ENTITIES,
  ...PROACTIVE_ENTITIES,
  ...SECURITY_ENTITIES,
];

export const SCHEMA: Schema = { entities: ENTITIES, migrations: MYSQL_MIGRATIONS };

export const dataSourceOptions = (db: DatabaseConfig) => options(db, SCHEMA);
export const createDataSource = (db: DatabaseConfig) => create(db, SCHEMA);
