// Helpers for Taro's H5 pages: earlier pages stay in the DOM (hidden), so every lookup is limited to what is visible.

/** The visible element(s) matching `selector`, optionally containing `text`. */
export function visible(page, selector, text) {
  let loc = page.locator(selector).filter({ visible: true });
  if (text !== undefined) loc = loc.filter({ hasText: text });
  return loc;
}

export async function tap(page, selector, text) {
  await visible(page, selector, text).first().click();
}

export function hashRoute(page) {
  return new URL(page.url()).hash;
}

/** Waits until the hash route starts with `#/path`. */
export async function waitForRoute(page, path) {
  await page.waitForFunction((p) => location.hash.startsWith(`#${p}`), path);
}

/** Computed font size in px of the first visible match. */
export async function fontSizeOf(page, selector) {
  return visible(page, selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}
