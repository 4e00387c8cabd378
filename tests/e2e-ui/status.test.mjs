import { assert, assertEqual } from "./harness.mjs";
import { status } from "./fixtures.mjs";
import { attr, emit, text, waitFor } from "./page.mjs";

export function registerStatusTests(suite) {
  suite.test("the status bar shows link, outbox, oldest unsynced and devices", async ({ page, open }) => {
    await open();
    await page.getByTestId("status-outbox-depth").waitFor();
    assertEqual(await attr(page, "status-link", "data-state"), "online", "link state");
    assertEqual(await text(page, "status-link"), "Online", "link text");
    assertEqual(await text(page, "status-outbox-depth"), "3", "outbox depth");
    assertEqual(await attr(page, "status-outbox-review", "data-value"), "1", "in review");
    assertEqual(await text(page, "status-oldest-unsynced"), "2 min", "oldest unsynced (125 s)");
    assertEqual(await attr(page, "status-scale", "data-state"), "connected", "scale state");
    assert((await text(page, "status-scale")).includes("Ohaus Ranger 3000"), "scale named");
    assertEqual(await attr(page, "status-scanner", "data-state"), "not_configured", "scanner state");
    assertEqual(await text(page, "status-scanner"), "Not configured", "scanner text");
    assertEqual(await attr(page, "status-mode", "data-state"), "training", "training banner");
  });

  suite.test("Sync now asks the engine to send what waits and says how many changes wait", async ({ page, open }) => {
    await page.addInitScript(() => {
      window.__vpMore = (cmd) => (cmd === "sync_now" ? 3 : undefined);
    });
    await open();
    await page.getByTestId("sync-now").waitFor();
    await page.getByTestId("sync-now").click();
    await waitFor(page, () => document.querySelector('[data-testid="sync-now-answer"]')?.textContent.includes("3 to send"));
    const calls = await page.evaluate(() => window.__vp.calls.filter((c) => c.cmd === "sync_now").length);
    assertEqual(calls, 1, "one sync_now call");
  });

  suite.test("a status tick updates the bar: offline with its reason, empty outbox, lost scanner", async ({ page, open }) => {
    await open();
    await page.getByTestId("status-outbox-depth").waitFor();
    await emit(
      page,
      "status-tick",
      status({
        link: { state: "offline", detail: "BioTrack did not answer in 10 s" },
        outbox_depth: 0,
        outbox_in_review: 0,
        oldest_unsynced_secs: null,
        scanner: { state: "lost", detail: "no answer on /dev/ttyACM0" },
      }),
    );
    await waitFor(page, () => document.querySelector('[data-testid="status-link"]')?.getAttribute("data-state") === "offline");
    assert((await text(page, "status-link")).includes("BioTrack did not answer in 10 s"), "offline reason shown");
    assertEqual(await text(page, "status-outbox-depth"), "0", "outbox emptied");
    assertEqual(await page.getByTestId("status-outbox-review").count(), 0, "no review count when none");
    assertEqual(await text(page, "status-oldest-unsynced"), "—", "nothing unsynced");
    assertEqual(await attr(page, "status-scanner", "data-state"), "lost", "scanner lost");
  });
}
