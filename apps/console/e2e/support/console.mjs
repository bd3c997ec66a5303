// Steps every console test takes: sign in through the login page, wait for antd's messages, find rows.
import { DEMO_PASSWORD } from '../../../miniprogram/e2e/support/env.mjs';
import { screenshot } from './browser.mjs';

export async function login(page, baseUrl, username, path = '/console/', shot = null) {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/console\/login/);
  if (shot) await screenshot(page, shot);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/console/login'));
}

export async function logout(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/console\/login/);
}

/** The success toast of an action, e.g. '派单成功'. */
export async function toast(page, text) {
  await page.locator('.ant-message').getByText(text).first().waitFor();
}

/** Opens an action's dialog on the ticket page, fills it through `fill`, and submits with Ctrl+Enter. */
export async function act(page, action, fill = async () => {}) {
  await page.locator(`[data-action="${action}"]`).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await fill(dialog);
  await page.keyboard.press('Control+Enter');
  try {
    await dialog.waitFor({ state: 'detached' });
  } catch (error) {
    await screenshot(page, `failed-${action}`);
    throw error;
  }
}
