import { Initial1795854511121 } from './0001-initial.js';
import { Workflow1795854723482 } from './0002-workflow.js';

/** Applied in order on start (MySQL/MariaDB/TiDB). Generate new ones with `npm run migration:generate -w apps/api --name=Name`. */
export const MYSQL_MIGRATIONS: Function[] = [Initial1795854511121, Workflow1795854723482];
