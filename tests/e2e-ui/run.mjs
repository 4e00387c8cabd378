#!/usr/bin/env node
// Playwright (playwright-core + Debian's chromium) on the built UI (ui/dist) with mocked IPC.
// Usage: npm --prefix ui run build && node tests/e2e-ui/run.mjs
// Env: CHROMIUM_PATH (default /usr/bin/chromium).
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createSuite } from "./harness.mjs";
import { mockScript } from "./mock.mjs";
import { cspHeader, serveDist } from "./server.mjs";
import { queue, setup, status } from "./fixtures.mjs";
import { registerQueueTests } from "./queue.test.mjs";
import { registerStatusTests } from "./status.test.mjs";
import { registerDevicesTests } from "./devices.test.mjs";
import { registerWorldTests } from "./world.test.mjs";
import { registerFlowTests } from "./flow.test.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const uiDir = join(root, "ui");
const dist = join(uiDir, "dist");

if (!existsSync(join(dist, "index.html"))) {
  console.error("ui/dist is missing: build the UI first with `npm --prefix ui ci && npm --prefix ui run build`.");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.error(`${executablePath} not found: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(2);
}

// playwright-core is a devDependency of ui/, not of the repository root.
const { chromium } = createRequire(join(uiDir, "package.json"))("playwright-core");

const tauriConf = JSON.parse(await readFile(join(root, "src-tauri/tauri.conf.json"), "utf8"));
const server = await serveDist(dist, cspHeader(tauriConf));
const browser = await chromium.launch({
  executablePath,
  headless: true,
  timeout: 30_000,
  args: [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
  ],
});

const suite = createSuite();
registerQueueTests(suite);
registerStatusTests(suite);
registerDevicesTests(suite);
registerWorldTests(suite);
registerFlowTests(suite);

let result;
try {
  result = await suite.run({
    timeoutMs: 30_000,
    async beforeEach() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error: ${m.text()}`);
      });
      // Each test starts from this fixture; `open` injects it, loads the app and waits for rows.
      const open = async (fixture = { queue: queue(), status: status(), setup: setup() }) => {
        await page.addInitScript({ content: await mockScript(uiDir, fixture) });
        await page.goto(server.url);
      };
      return { page, context, problems, open };
    },
    async afterEach(ctx) {
      await ctx.context.close();
    },
  });
} finally {
  await browser.close();
  await server.close();
}

const total = result.passed + result.failed.length;
console.log(`\n${result.passed}/${total} passed, ${result.failed.length} failed`);
// The same shape as cargo's summary, so .ci/test counts these tests with the rest.
console.log(`test result: ${result.failed.length ? "FAILED" : "ok"}. ${result.passed} passed; ${result.failed.length} failed`);
for (const name of result.failed) console.log(`  failed: ${name}`);
process.exit(result.failed.length === 0 ? 0 : 1);
