// The hooks every e2e block of both suites starts with: the real API on its own database and a fresh browser.
import { after, before } from 'node:test';

/**
 * Before the block's tests: `startApi()`, `launch()`, then `ready({ api, browser })` (clients, a login, the page);
 * after them both are closed. The returned object holds `api` and `browser` once they run.
 */
export function apiAndBrowser(startApi, launch, ready) {
  const app = { api: undefined, browser: undefined };
  before(async () => {
    app.api = await startApi();
    app.browser = await launch();
    await ready(app);
  });
  after(async () => {
    await app.browser?.close();
    await app.api?.stop();
  });
  return app;
}
