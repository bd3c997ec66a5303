// Paths shared by the console's e2e runner and tests; the API server and client come from the mini-program's e2e support.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(consoleDir, '../..');
export const distDir = path.join(consoleDir, 'dist');
export const screenshotDir = path.join(repoRoot, 'test-output/screenshots');
