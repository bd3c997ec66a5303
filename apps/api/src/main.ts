import { configOrExit } from './cli.js';

const config = configOrExit();
const { createApp } = await import('./bootstrap.js');
const app = await createApp(config);
await app.listen({ port: config.port, host: config.host });
const db = config.database.driver === 'mysql' ? 'MySQL' : `SQLite ${config.database.path}`;
process.stdout.write(
  `${JSON.stringify({ level: 'info', msg: `12345 API listening on http://${config.host}:${config.port} (${db})`, devLogin: config.devLogin })}\n`,
);
