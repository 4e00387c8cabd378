// Page helpers shared by the test files.

export async function testIds(page, prefix) {
  return page.$$eval(`[data-testid^="${prefix}"]`, (els) => els.map((e) => e.getAttribute("data-testid")));
}

export async function text(page, testId) {
  return (await page.getByTestId(testId).innerText()).trim();
}

export async function attr(page, testId, name) {
  return page.getByTestId(testId).getAttribute(name);
}

/** Pushes an event the way the app would (through the mocked event plugin). */
export async function emit(page, event, payload) {
  await page.evaluate(
    ([event, payload]) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event, payload }),
    [event, payload],
  );
}

export async function waitFor(page, fn, arg) {
  await page.waitForFunction(fn, arg, { timeout: 10_000, polling: 100 });
}

export async function selectedId(page) {
  return page.$eval('[data-selected="true"]', (e) => e.getAttribute("data-pos-id"));
}
