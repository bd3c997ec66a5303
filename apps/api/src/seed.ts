import { configOrExit, withAppContext } from './cli.js';

const config = configOrExit();
const { SeedService } = await import('./seed/seed.service.js');
await withAppContext(config, async (app) => {
  const report = await app.get(SeedService).run({ demo: config.seedDemo });
  process.stdout.write(`seed: added ${JSON.stringify(report)} (demo data ${config.seedDemo ? 'on' : 'off'})\n`);
});
