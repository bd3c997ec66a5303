import { Initial1795854511121 } from './0001-initial.js';

/** Applied in order on start (MySQL/MariaDB/TiDB). Generate new ones with `npm run migration:generate -w apps/api -- Name`. */
export const MYSQL_MIGRATIONS: Function[] = [Initial1795854511121];
