// Sign-in, lock, setup, the deadline alarms and the manager's review screen, on mocked IPC.
import { assert, assertEqual } from "./harness.mjs";
import { MANAGER, TECHNICIAN, queue, setup, status, sync } from "./fixtures.mjs";
import { attr, emit, text, waitFor } from "./page.mjs";

const AGENTS = [
  { badge: "B-1042", pin: "1234", agent: TECHNICIAN },
  { badge: "M-2001", pin: "2468", agent: MANAGER },
];

function signedOut(extra = {}) {
  return {
    queue: queue(),
    status: status({}, { session: { state: "signed_out" } }),
    setup: setup(),
    agents: AGENTS,
    ...extra,
  };
}

async function typeSignIn(page, badge, pin) {
  await page.getByTestId("signin-badge").focus();
  await page.keyboard.type(badge);
  await page.keyboard.press("Enter");
  await waitFor(page, () => document.activeElement?.getAttribute("data-testid") === "signin-pin");
  await page.keyboard.type(pin);
  await page.keyboard.press("Enter");
}

const REVIEW = [
  {
    id: 7,
    package: "6647120000000003",
    action: "move",
    summary: "move 6647120000000003 to room 2",
    op_json: '{\n  "move": {\n    "uid": "6647120000000003",\n    "room": 2\n  }\n}',
    created_at: "2030-03-14T14:00:00.000Z",
    actor: "B1042",
    error: "Inventory is in a quarantine room (errorcode 42)",
    held_behind: 2,
  },
];

const NOTICES = [
  {
    id: 3,
    at: "2030-03-14T14:30:00.000Z",
    kind: "state_discrepancy",
    subject: "6647120000000013",
    order_id: "POS-10007",
    message: "BioTrack shows 0 for a package on the shelf",
    raised_by: "B1042",
  },
];

export function registerWorldTests(suite) {
  suite.test("signed out: the queue is hidden; demo badges are shown; a wrong PIN is refused in words", async ({ page, open }) => {
    await open(signedOut());
    await page.getByTestId("signin-screen").waitFor();
    assertEqual(await page.getByTestId("queue-row-P-1001").count(), 0, "no queue before sign-in");
    assert((await text(page, "signin-demo-B-1042")).includes("1234"), "technician badge and PIN shown");
    assert((await text(page, "signin-demo-M-2001")).includes("2468"), "manager badge and PIN shown");
    await typeSignIn(page, "B-1042", "9999");
    await page.getByTestId("signin-error").waitFor();
    assertEqual(await text(page, "signin-error"), "badge or PIN not recognised", "refusal message");
    assertEqual(await page.getByTestId("signin-pin").inputValue(), "", "PIN cleared after sending");
    // Keyboard only: the PIN field has the focus again for the next try.
    await page.keyboard.type("1234");
    await page.keyboard.press("Enter");
    await page.getByTestId("queue-row-P-1001").waitFor();
    assertEqual(await attr(page, "session-agent", "data-badge"), "B1042", "signed-in agent shown");
  });

  suite.test("lock hides the queue; unlocking needs badge and PIN; an idle lock pushed by the engine shows too", async ({ page, open }) => {
    await open({ ...signedOut(), status: status(), session: { state: "unlocked", agent: TECHNICIAN } });
    await page.getByTestId("queue-row-P-1001").waitFor();
    await page.getByTestId("session-lock").click();
    await page.getByTestId("lock-screen").waitFor();
    assertEqual(await page.getByTestId("queue-row-P-1001").count(), 0, "queue hidden while locked");
    assert((await text(page, "lock-agent")).includes("Sam Rivera"), "who locked it");
    await typeSignIn(page, "B-1042", "1234");
    await page.getByTestId("queue-row-P-1001").waitFor();
    // The engine's idle lock arrives with a status tick.
    await emit(page, "status-tick", status({}, { session: { state: "locked", agent: TECHNICIAN } }));
    await page.getByTestId("lock-screen").waitFor();
    await page.evaluate(() => {
      window.__vp.session = { state: "locked", agent: window.__vp.status.world.session.agent };
    });
    await typeSignIn(page, "M-2001", "2468");
    await page.getByTestId("queue-row-P-1001").waitFor();
    assertEqual(await attr(page, "session-agent", "data-badge"), "M2001", "another agent took over");
    await page.getByTestId("session-signout").click();
    await page.getByTestId("signin-screen").waitFor();
  });

  suite.test("deadline alarms at 50 % and 80 % and overdue are coloured and worded; draining shows progress", async ({ page, open }) => {
    await open();
    await page.getByTestId("status-outbox-depth").waitFor();
    assertEqual(await page.getByTestId("status-deadline-alarm").count(), 0, "no alarm when fresh");
    const tick = (s) => emit(page, "status-tick", status({}, { sync: sync(s) }));
    await tick({ alarm: { level: "warning", percent: 50 }, deadline_at: "2030-03-15T14:00:00.000Z" });
    await page.getByTestId("status-deadline-alarm").waitFor();
    assertEqual(await attr(page, "status-deadline-alarm", "data-percent"), "50", "50 % alarm");
    assert((await text(page, "status-deadline-alarm")).startsWith("50 % of the reporting deadline used"), "50 % words");
    assert((await attr(page, "status-deadline-alarm", "class")).includes("alarm-low"), "amber at 50 %");
    await tick({ alarm: { level: "warning", percent: 80 } });
    await waitFor(page, () => document.querySelector('[data-testid="status-deadline-alarm"]')?.getAttribute("data-percent") === "80");
    assert((await attr(page, "status-deadline-alarm", "class")).includes("alarm-high"), "red at 80 %");
    await tick({ alarm: { level: "overdue" } });
    await waitFor(page, () => document.querySelector('[data-testid="status-deadline-alarm"]')?.getAttribute("data-level") === "overdue");
    assert((await text(page, "status-deadline-alarm")).includes("passed"), "overdue words");
    await tick({ draining: true, sent: 12, pending: 30 });
    await page.getByTestId("status-draining").waitFor();
    assert((await text(page, "status-draining")).includes("12 sent, 30 to go"), "drain progress");
  });

  suite.test("the manager's review screen: BioTrack's words, reason required, discard, acknowledge a report", async ({ page, open }) => {
    await open({
      queue: queue(),
      status: status({ outbox_in_review: 1 }, { session: { state: "unlocked", agent: MANAGER } }),
      setup: setup(),
      review: REVIEW,
      notices: NOTICES,
    });
    await page.getByTestId("nav-review").click();
    await page.getByTestId("review-item-7").waitFor();
    assertEqual(
      await text(page, "review-bt-error-7"),
      "BioTrack: Inventory is in a quarantine room (errorcode 42)",
      "BioTrack's own error text",
    );
    await page.getByTestId("review-discard-7").click();
    await page.getByTestId("review-error").waitFor();
    assert((await text(page, "review-error")).includes("reason"), "a reason is required");
    await page.getByTestId("review-edit-7").click();
    assert((await page.getByTestId("review-edit-json-7").inputValue()).includes('"room": 2'), "edit box holds the change");
    await page.getByTestId("review-reason-7").fill("entered by hand in BioTrack");
    await page.getByTestId("review-discard-7").click();
    await page.getByTestId("review-item-7").waitFor({ state: "detached" });
    const calls = await page.evaluate(() => window.__vp.calls.filter((c) => c.cmd === "resolve_review"));
    assertEqual(calls.at(-1).args, { id: 7, action: { kind: "discard" }, reason: "entered by hand in BioTrack" }, "resolve call");
    await page.getByTestId("notice-ack-3").click();
    await page.getByTestId("notice-3").waitFor({ state: "detached" });
    await page.getByTestId("forget-credentials").click();
    await page.getByTestId("forget-confirm").click();
    await page.getByTestId("review-done").waitFor();
    assert(await page.evaluate(() => window.__vp.forgotten === true), "forget called");
  });

  suite.test("a technician sees the review list but cannot resolve", async ({ page, open }) => {
    await open({ queue: queue(), status: status(), setup: setup(), review: REVIEW, notices: NOTICES });
    await page.getByTestId("nav-review").click();
    await page.getByTestId("review-item-7").waitFor();
    await page.getByTestId("review-manager-only").waitFor();
    assertEqual(await page.getByTestId("review-retry-7").count(), 0, "no resolve buttons");
    assertEqual(await page.getByTestId("notice-ack-3").count(), 0, "no acknowledge");
    assertEqual(await page.getByTestId("forget-credentials").count(), 0, "no forget");
  });

  suite.test("production first run: enrol a manager and store the account; the password never comes back", async ({ page, open }) => {
    const s = status({}, { session: { state: "signed_out" }, needs_setup: true });
    s.mode = "production";
    await open({
      queue: queue(),
      status: s,
      setup: setup({ mode: "production", needs_manager: true, needs_account: true, demo_agents: [] }),
      agents: AGENTS,
    });
    await page.getByTestId("setup-screen").waitFor();
    await page.getByTestId("setup-manager-badge").fill("M-9001");
    await page.getByTestId("setup-manager-name").fill("Pat Lee");
    await page.getByTestId("setup-manager-pin").fill("86420");
    await page.getByTestId("setup-licence").fill("123456789");
    await page.getByTestId("setup-username").fill("pat@store.example");
    await page.getByTestId("setup-password").fill("s3cret-Pa55");
    await page.getByTestId("setup-submit").click();
    await waitFor(page, () => window.__vp.savedAccount !== undefined);
    const saved = await page.evaluate(() => window.__vp.savedAccount);
    assertEqual(saved, { licence: "123456789", username: "pat@store.example", passwordLength: 11 }, "account sent once");
    assertEqual((await page.evaluate(() => window.__vp.enrolled)).badge, "M-9001", "manager enrolled");
    await page.getByTestId("signin-screen").waitFor();
    const html = await page.content();
    assert(!html.includes("s3cret-Pa55"), "the password is not in the page");
    assertEqual(await page.getByTestId("signin-demo").count(), 0, "no demo badges in production");
  });
}
