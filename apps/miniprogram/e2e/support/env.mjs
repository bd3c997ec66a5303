// Paths and settings shared by the e2e runner and the test files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(appDir, '../..');
export const h5Dir = path.join(appDir, 'dist/h5');
export const screenshotDir = path.join(repoRoot, 'test-output/screenshots');
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo@12345';
/** 'sqlite' (default) or a mysql:// server URL without a database, set by run.mjs. */
export const e2eDatabase = process.env.E2E_DATABASE ?? 'sqlite';
