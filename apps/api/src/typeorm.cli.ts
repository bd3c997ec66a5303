// Used by the TypeORM CLI to generate and run MySQL migrations: `npm run migration:generate -w apps/api -- Name`.
import { createDataSource } from './schema.js';

const url = process.env.DATABASE_URL;
if (!url?.startsWith('mysql://')) throw new Error('DATABASE_URL: set a mysql:// URL to generate or run migrations');

export default createDataSource({ driver: 'mysql', url, poolSize: 2 });
