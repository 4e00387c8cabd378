// The order screen with scripted workflow answers: claim by Enter or ticket scan, pick by scan with a
// refused wrong item (its reason and its own sound), seal check by keyboard, command barcodes, blind
// verify, staging, printing, the weigh-out and the speed panel. The scripted engine lives in the page
// (window.__vpFlow) because answers depend on the arguments.
import { assert, assertEqual } from "./harness.mjs";
import { attr, text, waitFor } from "./page.mjs";

const FLOW_SCRIPT = `
(() => {
  const q = (amount, unit) => ({ amount, unit });
  const line = (line_no, description, wanted, picked, extra = {}) => ({
    line_no, sku: "SKU-" + line_no, description, wanted, picked, weighed: wanted.unit === "milligram",
    complete: picked.amount >= wanted.amount, picked_uids: [], vault_location: "VAULT-A" + line_no,
    suggested: { uid: "66471200000000" + (10 + line_no), location: "VAULT-A" + line_no, batch: "B" + line_no, expires_on: "2031-01-0" + line_no, available: wanted },
    awaiting: null, ...extra,
  });
  const state = { vape: 0, edibles: 0, ready: false, verified: 0, flower: "none", weighs: 0 };
  const PORTION = "9990001000777001";
  const flowerAwaiting = () =>
    state.flower === "weighing" ? { awaiting: "weight", bulk_uid: "6647120000000011" }
    : state.flower === "label" ? { awaiting: "label", portion_uid: PORTION } : null;
  const flowerPicked = () => q(state.flower === "none" || state.flower === "weighing" ? 0 : 3500, "milligram");
  const weight = (net_g, stable) => ({ net_g, gross_g: "15.50", tare_g: "12.00", net_mg: Math.round(Number(net_g) * 1000), stable, overload: false, underload: false, error: null, raw: "S S 3.50 g", at: "2030-03-14T10:00:00Z", scale_serial: "SIM-0001", e_g: "0.01", d_g: "0.01" });
  const snapshot = (status = "picking") => ({
    order: "P-1001", customer: "Jane Doe", status,
    lines: state.ready
      ? [line(1, "Brand Y — Vape cartridge", q(1, "each"), q(1, "each"))]
      : [
          line(1, "Brand X — Flower (bulk)", q(3500, "milligram"), flowerPicked(), { awaiting: flowerAwaiting(), complete: state.flower === "done" }),
          line(2, "Brand Y — Vape cartridge", q(1, "each"), q(state.vape, "each")),
          line(3, "Brand Z — Gummies", q(2, "each"), q(state.edibles, "each")),
        ],
    ready_to_verify: state.ready,
  });
  const feedback = (verdict, sound, next_step, accepted, refused) => ({ verdict, sound, next_step, accepted, refused, snapshot: snapshot() });
  const view = () => ({ order: "P-1001", blind: true, pass: 1, matched: state.verified, expected_total: null, remaining: null, extra: [], pass_finished: false, complete: false });
  const stats = (orders) => ({ agent: null, since: "2030-03-14T03:00:00Z", until: "2030-03-14T15:00:00Z", orders, orders_per_hour: orders / 12, mean_secs_per_order: orders ? 245 : null, scans_per_order: orders ? 11 : null, refusals_per_order: orders ? 1 : null, scans: 11 * orders, refusals: orders });
  window.__vpState = state;
  window.__vpFlow = {
    flow_claim: () => snapshot("claimed"),
    flow_claim_ticket: (a) => {
      if (a.scanned !== "P-1001") throw { code: "not_found", message: "order not found: " + a.scanned };
      return snapshot("claimed");
    },
    flow_scan: (a) => {
      if (a.scanned === "6647120000000011") {
        state.flower = "weighing";
        return feedback({ verdict: "bulk_ready", line_no: 1, uid: a.scanned, target: q(3500, "milligram") }, "bulk_ready",
          "Bulk package ready: tare the container and weigh out 3.50 g.", true, false);
      }
      if (a.scanned === "6647120000000099") {
        return feedback({ verdict: "not_available_in_state_system", uid: a.scanned, state_quantity: 0 }, "not_in_state_system",
          "The state system shows this package empty. Press QUARANTINE to hold it and tell the Inventory Manager; the order pauses.", false, true);
      }
      if (a.scanned === "6647120000000013" && a.lineNo === 2) {
        return feedback({ verdict: "wrong_product", expected: "Brand Y — Vape cartridge", got: "Brand Z — Gummies" }, "wrong_item",
          "Wrong item: this is Brand Z — Gummies, the line needs Brand Y — Vape cartridge. Put it back and take the right product.", false, true);
      }
      return feedback({ verdict: "needs_seal_check", line_no: a.lineNo, uid: a.scanned, expires_on: "2031-01-02" }, "seal_check",
        "Check the seal is intact and the expiry date reads 2031-01-02, then press CONFIRM.", false, false);
    },
    flow_confirm_seal: (a) => {
      if (!a.tamperOk) return feedback({ verdict: "seal_refused", uid: "x" }, "seal_refused", "Do not use this unit.", false, true);
      state.vape = 1;
      return feedback({ verdict: "accepted", line_no: 2, uid: "6647120000000012", picked: q(1, "each"), wanted: q(1, "each") }, "right_item", "Line complete: go to the next line.", true, false);
    },
    scale_read: () => weight("3.50", true),
    scale_tare: () => "12.00",
    scale_zero: () => null,
    flow_weigh: () => {
      state.weighs += 1;
      if (state.weighs === 1) {
        return { outcome: { outcome: "refused", reason: "unstable" }, key: "unstable", sound: "weight_refused",
          next_step: "The reading is still moving: keep the scale still and wait for it to settle.", weight: weight("3.47", false), label: null, label_error: null, snapshot: snapshot() };
      }
      state.flower = "label";
      return { outcome: { outcome: "recorded", line_no: 1, portion_uid: PORTION, net: q(3500, "milligram"), provisional: false }, key: "weight_accepted", sound: "weight_accepted",
        next_step: "Print the label for " + PORTION + ", stick it on, and scan it.", weight: weight("3.50", true),
        label: { kind: "package-label", subject: PORTION, file: "/tmp/print/package-label.pdf", barcodes: [PORTION], reprint: false, delivery: "print_dir" }, label_error: null, snapshot: snapshot() };
    },
    flow_confirm_label: (a) => {
      if (a.scanned !== PORTION) {
        return { check: { outcome: "mismatch", expected: PORTION, got: a.scanned }, sound: "label_mismatch", next_step: "That label does not read " + PORTION + ": throw it away, reprint, and scan the new one.", snapshot: snapshot() };
      }
      state.flower = "done";
      return { check: { outcome: "matches", uid: PORTION }, sound: "label_matches", next_step: "Label confirmed: the line is done.", snapshot: snapshot() };
    },
    flow_pause: () => "paused",
    flow_cancel: () => ({
      returned: ["9990001000777001", "9990001000777002"],
      labels: [{ kind: "package-label", subject: "9990001000777002", file: "/tmp/print/package-label.pdf", barcodes: ["9990001000777002"], reprint: false, delivery: "print_dir" }],
      label_errors: [],
    }),
    flow_report_discrepancy: (a) => ({ uid: a.scanned, order_paused: true, notification_id: 1, outbox_op: 9 }),
    flow_hand_off: () => "handed_off",
    flow_resume: () => snapshot("picking"),
    flow_start_verify: () => view(),
    flow_verify_scan: (a) => {
      state.verified += 1;
      return { verdict: { verdict: "matched", uid: a.scanned }, sound: "verify_match", next_step: "Counted. Scan the next item in the bin.", view: view() };
    },
    flow_finish_verify: () => ({ ...view(), pass_finished: true, complete: true, remaining: [], expected_total: 1 }),
    flow_commit_stage: (a) => ({
      receipt: { order: "P-1001", staging_location: a.stagingScan, moved: ["9990001000777002"], split_off: [{ from: "6647120000000012", into: "9990001000777002", units: 1 }], outbox_ops: [7, 8] },
      exit_bag: { kind: "exit-bag", subject: "P-1001", file: "/tmp/print/exit-bag.pdf", barcodes: ["P-1001"], reprint: false, delivery: "print_dir" },
      exit_bag_error: null,
    }),
    flow_print: (a) => ({ kind: a.request.what.kind.replace("_", "-"), subject: "x", file: "/data/labels/x.pdf", barcodes: [], reprint: Boolean(a.request.reprint_reason), delivery: a.request.target === "print" ? "os_print_handler" : "saved" }),
    flow_speed: () => ({ agent: stats(2), shift: stats(5) }),
  };
})();`;

async function openFlow(page, open) {
  await page.addInitScript({ content: FLOW_SCRIPT });
  await open();
  await page.getByTestId("queue-row-P-1001").waitFor();
}

const calls = (page, cmd) => page.evaluate((cmd) => (window.__vp.calls ?? []).filter((c) => c.cmd === cmd).map((c) => c.args), cmd);
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

async function scan(page, value) {
  await page.keyboard.type(value);
  await page.keyboard.press("Enter");
}

export function registerFlowTests(suite) {
  suite.test("flow: a ticket scan claims; a wrong item is refused with its reason and sound; Y confirms the seal", async ({ page, open }) => {
    await openFlow(page, open);
    assertEqual(await focused(page), "queue-scan", "the queue's scan field has focus at start");
    await scan(page, "P-1001");
    await page.getByTestId("flow-screen").waitFor();
    assertEqual(await calls(page, "flow_claim_ticket"), [{ scanned: "P-1001" }], "claimed by ticket");
    assertEqual(await focused(page), "scan-input", "the order screen's scan field has focus");
    assertEqual(await text(page, "line-2-location"), "VAULT-A2", "vault location shown");
    assert((await text(page, "line-2-suggested")).startsWith("664712000000001"), "suggested package shown");
    assertEqual(await attr(page, "line-1-awaiting", "data-awaiting"), "bulk", "the flower line asks for its bulk package");
    await page.keyboard.press("ArrowDown");
    assertEqual(await attr(page, "line-2", "data-current"), "true", "arrow moves to the vape line");

    await scan(page, "6647120000000013");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "wrong_product");
    assertEqual(await attr(page, "flow-feedback", "data-tone"), "bad", "refusal is shown as bad");
    assert((await text(page, "flow-next-step")).startsWith("Wrong item: this is Brand Z"), "the verdict's exact reason");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "wrong_item", "the wrong-item sound");

    await scan(page, "6647120000000012");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "seal");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "seal_check", "the seal-check sound");
    await page.keyboard.press("y");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "accepted");
    assertEqual(await calls(page, "flow_confirm_seal"), [{ order: "P-1001", tamperOk: true, expiryOk: true }], "Y confirms both checks");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "right_item", "the right-item sound");
    assertEqual(await text(page, "line-2-picked"), "1 ea / 1 ea", "picked so far");
    assertEqual(await page.getByTestId("flow-prompt").count(), 0, "the question is closed");
  });

  suite.test("flow: weigh-out by keys: T tares, Enter on a moving reading is refused, then accepted; the label prints and its scan finishes the line", async ({ page, open }) => {
    await openFlow(page, open);
    await scan(page, "P-1001");
    await page.getByTestId("flow-screen").waitFor();
    await scan(page, "6647120000000011");
    await page.getByTestId("weigh-panel").waitFor();
    assertEqual(await text(page, "weigh-bulk"), "6647120000000011", "weighing from the scanned bulk package");
    assert((await text(page, "weigh-target")).startsWith("Target 3.50 g"), "the target weight");
    await waitFor(page, () => document.querySelector('[data-testid="weight-net"]')?.getAttribute("data-value") === "3.50");
    await page.keyboard.press("t");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "scale_tared");
    assertEqual((await calls(page, "scale_tare")).length, 1, "T tares the scale");
    assert((await text(page, "flow-feedback-title")).includes("12.00 g"), "the tare is shown");

    await page.keyboard.press("Enter");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "unstable");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "weight_refused", "the refusal sound");
    assert((await text(page, "flow-next-step")).includes("still moving"), "the reason");

    await page.keyboard.press("Enter");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "weight_accepted");
    assertEqual(await calls(page, "flow_weigh"), [{ order: "P-1001", lineNo: 1 }, { order: "P-1001", lineNo: 1 }], "both readings judged by the engine");
    assert((await text(page, "flow-feedback-title")).includes("9990001000777001"), "the new package id");
    assert((await text(page, "flow-next-step")).includes("label is printing"), "the label prints by itself");
    assertEqual(await attr(page, "line-1-awaiting", "data-awaiting"), "label", "the line waits for the label's scan");
    assertEqual(await page.getByTestId("weigh-panel").count(), 0, "the scale panel closes");

    await scan(page, "9990001000777002");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "mismatch");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "label_mismatch", "a void label has its own sound");
    await page.keyboard.press("p");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "reason");
    await scan(page, "1");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "print_package-label");
    assertEqual((await calls(page, "flow_print")).at(-1).request, { what: { kind: "package_label", uid: "9990001000777001" }, target: "print", reprint_reason: "label damaged" }, "P reprints the package label with a reason");
    await scan(page, "9990001000777001");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "matches");
    assertEqual(await attr(page, "line-1", "data-complete"), "true", "the flower line is done");
  });

  suite.test("flow: Enter claims the selected row; command barcodes pause with a preset reason and resume; F4 cancels", async ({ page, open }) => {
    await openFlow(page, open);
    await page.evaluate(() => document.querySelector('[data-testid="queue-row-P-1001"]').click());
    await page.keyboard.press("Enter");
    await page.getByTestId("flow-screen").waitFor();
    assertEqual(await calls(page, "flow_claim"), [{ order: "P-1001" }], "Enter claims the selected order");
    await scan(page, "CMD:PAUSE");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "reason");
    await scan(page, "2");
    await waitFor(page, () => document.querySelector('[data-testid="flow-screen"]')?.getAttribute("data-step") === "paused");
    assertEqual(await calls(page, "flow_pause"), [{ order: "P-1001", reason: "item not found" }], "preset reason 2");
    await scan(page, "cmd:resume");
    await waitFor(page, () => document.querySelector('[data-testid="flow-screen"]')?.getAttribute("data-step") === "pick");
    await scan(page, "CMD:SHOUT");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "unknown_command");
    assertEqual(await calls(page, "flow_scan"), [], "no command text was ever sent as a package scan");
    await page.keyboard.press("F4");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "reason");
    await scan(page, "1");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "cancelled");
    assertEqual(await calls(page, "flow_cancel"), [{ order: "P-1001", reason: "customer cancelled" }], "preset cancel reason 1");
    const next = await text(page, "flow-next-step");
    assert(next.includes("2 package(s) go back to the vault"), "what goes back");
    assert(next.includes("stick the new label on them (9990001000777002)"), "the split-off lot's new label");
  });

  suite.test("flow: blind verify, staging scan, exit-bag printed then reprinted with a reason, H hands off; speed panel and command sheet", async ({ page, open }) => {
    await openFlow(page, open);
    assertEqual(await text(page, "speed-agent-orders"), "2", "my orders");
    assertEqual(await text(page, "speed-shift-orders"), "5", "shift orders");
    assertEqual(await text(page, "speed-agent-mean"), "4:05", "mean time per order");
    await page.getByTestId("print-commands").click();
    await waitFor(page, () => document.querySelector('[data-testid="queue-feedback"]')?.getAttribute("data-key") === "print_command-sheet");
    assertEqual((await calls(page, "flow_print"))[0].request, { what: { kind: "command_sheet" }, target: "print", reprint_reason: null }, "print request");
    await waitFor(page, () => document.activeElement?.getAttribute("data-testid") === "queue-scan");

    await page.evaluate(() => (window.__vpState.ready = true));
    await scan(page, "P-1001");
    await page.getByTestId("flow-screen").waitFor();
    await page.keyboard.press("Enter");
    await waitFor(page, () => document.querySelector('[data-testid="flow-screen"]')?.getAttribute("data-step") === "verify");
    assertEqual(await attr(page, "verify-view", "data-blind"), "true", "blind by default");
    await scan(page, "6647120000000012");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "matched");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "verify_match", "verify sound");
    await page.keyboard.press("Enter");
    await waitFor(page, () => document.querySelector('[data-testid="flow-screen"]')?.getAttribute("data-step") === "stage");
    await scan(page, "STAGING-B4");
    await page.getByTestId("staged-view").waitFor();
    assertEqual(await text(page, "staged-location"), "STAGING-B4", "staged where scanned");
    assert((await text(page, "staged-split")).startsWith("1 unit(s) of 6647120000000012 were split off as 9990001000777002"), "the split-off lot is named");
    assert((await text(page, "flow-next-step")).includes("exit-bag label is printing"), "bag label printed");
    await page.getByTestId("reprint-bag").click();
    await waitFor(page, () => document.activeElement?.getAttribute("data-testid") === "scan-input");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "reason");
    await scan(page, "1");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "print_exit-bag");
    assertEqual((await calls(page, "flow_print")).at(-1).request, { what: { kind: "exit_bag", order: "P-1001" }, target: "print", reprint_reason: "label damaged" }, "reprint with its reason");
    assertEqual(await text(page, "flow-feedback-title"), "Reprinted", "shown as a reprint");
    await page.keyboard.press("h");
    await waitFor(page, () => document.querySelector('[data-testid="queue-feedback"]')?.getAttribute("data-key") === "handed_off");
    assertEqual(await calls(page, "flow_hand_off"), [{ order: "P-1001" }], "H hands off");
    assertEqual(await page.getByTestId("flow-screen").count(), 0, "back on the queue");
  });

  suite.test("flow: a package that is zero in the state system offers the discrepancy report; Q quarantines and pauses", async ({ page, open }) => {
    await openFlow(page, open);
    await scan(page, "P-1001");
    await page.getByTestId("flow-screen").waitFor();
    await scan(page, "6647120000000099");
    await waitFor(page, () => document.querySelector('[data-testid="flow-prompt"]')?.getAttribute("data-kind") === "discrepancy");
    assertEqual(await attr(page, "flow-sound", "data-sound"), "not_in_state_system", "its own sound");
    await scan(page, "6647120000000012");
    await waitFor(page, () => document.querySelector('[data-testid="flow-feedback"]')?.getAttribute("data-key") === "prompt_open");
    assertEqual((await calls(page, "flow_scan")).length, 1, "no scan goes through while the question is open");
    await page.keyboard.press("q");
    await waitFor(page, () => document.querySelector('[data-testid="flow-screen"]')?.getAttribute("data-step") === "paused");
    assertEqual(await calls(page, "flow_report_discrepancy"), [{ order: "P-1001", scanned: "6647120000000099" }], "reported for that package");
    assertEqual(await attr(page, "flow-feedback", "data-key"), "discrepancy_reported", "says what happened");
  });
}
