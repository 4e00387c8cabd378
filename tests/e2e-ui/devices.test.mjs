// The device screens and the scan stream with mocked IPC: keyboard-wedge catcher, simulated-devices
// panel, device settings and the live weight display.
import { assert, assertEqual } from "./harness.mjs";
import { queue, status } from "./fixtures.mjs";
import { deviceFixture, deviceMockScript } from "./devices.mock.mjs";
import { attr, text, waitFor } from "./page.mjs";

async function openWithDevices(page, open, { mode = "training", devices = deviceFixture() } = {}) {
  await page.addInitScript({ content: deviceMockScript(devices) });
  const s = status();
  s.mode = mode;
  await open({ queue: queue(), status: s });
  await page.getByTestId("last-scan").waitFor();
}

/**
 * A scanner burst as the browser sees it: one keydown per character 2 ms apart (timestamps set
 * explicitly, so a busy machine cannot slow the "scanner"), characters landing in the focused field
 * as typing would, then Enter.
 */
async function scannerBurst(page, burst, end = "Enter") {
  await page.evaluate(
    ([burst, end]) => {
      const target = document.activeElement ?? document.body;
      const base = performance.now();
      const key = (k, i) => {
        const ev = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true });
        Object.defineProperty(ev, "timeStamp", { value: base + 2 * i });
        return target.dispatchEvent(ev);
      };
      [...burst].forEach((ch, i) => {
        if (key(ch, i) && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
          target.value += ch;
          target.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      key(end, burst.length);
    },
    [burst, end],
  );
}

const calls = (page, cmd) => page.evaluate((cmd) => window.__vpDev.calls.filter((c) => c.cmd === cmd).map((c) => c.args), cmd);

export function registerDevicesTests(suite) {
  suite.test("a scanner burst becomes one wedge scan and shows as the last scan", async ({ page, open }) => {
    await openWithDevices(page, open);
    assertEqual(await text(page, "last-scan"), "No scan yet", "nothing scanned yet");
    // On the queue the always-ready scan field takes bursts; with the device screen open and a
    // button focused, nothing is being typed into, so the catcher hands the burst to the intake.
    await page.keyboard.press("F10");
    await page.getByTestId("settings-refresh-ports").focus();
    await scannerBurst(page, "6000000000000001");
    await waitFor(page, () => document.querySelector('[data-testid="last-scan"]')?.getAttribute("data-text") === "6000000000000001");
    assertEqual(await calls(page, "submit_wedge"), [{ text: "6000000000000001" }], "one submit_wedge with the burst");
    assertEqual(await attr(page, "last-scan", "data-source"), "wedge", "source");
    assertEqual(await attr(page, "last-scan", "data-kind"), "biotrack", "kind");
  });

  suite.test("a focused form field keeps typing and scans; outside it slow typing and Enter is no scan", async ({ page, open }) => {
    await openWithDevices(page, open);
    await page.keyboard.press("F10");
    const serial = page.getByTestId("settings-scale-serial");
    await serial.fill("");
    await serial.click();
    // A person types with gaps far above the burst threshold, then presses Enter.
    await page.keyboard.type("AB12", { delay: 150 });
    await page.keyboard.press("Enter");
    assertEqual(await serial.inputValue(), "AB12", "human typing reaches the field");
    // A scan into a focused field (a badge box, a search box) belongs to that field.
    await scannerBurst(page, "CMD:ZERO");
    assertEqual(await serial.inputValue(), "AB12CMD:ZERO", "the burst went into the field");
    // Outside any field: slow typing ended by Enter is not a scan; a burst is.
    await page.getByTestId("settings-refresh-ports").focus();
    await page.keyboard.type("9999", { delay: 150 });
    await page.keyboard.press("Enter");
    await scannerBurst(page, "CMD:TARE");
    await waitFor(page, () => document.querySelector('[data-testid="last-scan"]')?.getAttribute("data-text") === "CMD:TARE");
    assertEqual(await calls(page, "submit_wedge"), [{ text: "CMD:TARE" }], "only the burst outside the field was submitted");
  });

  suite.test("the simulated-devices panel places an exact weight and the display shows it stable", async ({ page, open }) => {
    await openWithDevices(page, open);
    await page.keyboard.press("F9");
    await page.getByTestId("sim-panel").waitFor();
    await page.getByTestId("sim-weight-grams").fill("3.50");
    await page.getByTestId("sim-settle-ms").fill("0");
    await page.getByTestId("sim-place").click();
    await page.getByTestId("sim-result").waitFor();
    assertEqual(
      await calls(page, "sim_place_weight"),
      [{ weight: { grams: "3.50", settle_ms: 0, noise_mg: 0, overload: false } }],
      "weight sent as exact text",
    );
    await waitFor(page, () => document.querySelector('[data-testid="weight-net"]')?.getAttribute("data-value") === "3.50");
    await waitFor(page, () => document.querySelector('[data-testid="weight-display"]')?.getAttribute("data-state") === "stable");
    assertEqual(await text(page, "weight-net"), "3.50", "net shown exactly");
    await page.getByTestId("sim-noise-mg").fill("50");
    await page.getByTestId("sim-place").click();
    await waitFor(page, () => document.querySelector('[data-testid="weight-display"]')?.getAttribute("data-state") === "unstable");
  });

  suite.test("the panel unplugs and replugs the scale and scans a package picked from the vault list", async ({ page, open }) => {
    await openWithDevices(page, open);
    await page.getByTestId("open-sim-panel").click();
    await page.getByTestId("sim-unplug").click();
    await waitFor(page, () => document.querySelector('[data-testid="sim-result"]')?.textContent?.includes("unplugged"));
    await page.getByTestId("sim-replug").click();
    await waitFor(page, () => document.querySelector('[data-testid="sim-result"]')?.textContent?.includes("plugged back"));
    assertEqual(await calls(page, "sim_plug_scale"), [{ plugged: false }, { plugged: true }], "unplug then replug");
    await page.getByTestId("sim-package-filter").fill("vape");
    await waitFor(page, () => document.querySelectorAll('[data-testid="sim-package"]').length === 1);
    await page.getByTestId("sim-package").click();
    await waitFor(page, () => document.querySelector('[data-testid="last-scan"]')?.getAttribute("data-text") === "6000000000000002");
    assertEqual(await attr(page, "last-scan", "data-source"), "serial", "arrives like a serial scan");
    await page.getByTestId("sim-scan-text").fill("HELLO-1");
    await page.getByTestId("sim-scan").click();
    await waitFor(page, () => document.querySelector('[data-testid="last-scan"]')?.getAttribute("data-text") === "HELLO-1");
  });

  suite.test("device settings list ports with USB ids, save the chosen port and explain test results", async ({ page, open }) => {
    await openWithDevices(page, open, { mode: "production", devices: deviceFixture({ training: false }) });
    assertEqual(await page.getByTestId("open-sim-panel").count(), 0, "no simulated devices outside training");
    await page.getByTestId("open-device-settings").click();
    const options = await page.getByTestId("settings-scale-port").locator("option").allInnerTexts();
    assert(options.some((o) => o.includes("/dev/ttyUSB0 — USB 0403:6001 #A1B2C3 FTDI FT232R")), `USB ids listed: ${options}`);
    await page.getByTestId("settings-scale-port").selectOption("/dev/ttyUSB0");
    await page.getByTestId("settings-scale-protocol").selectOption("and");
    assertEqual(await page.getByTestId("settings-scale-preset").inputValue(), "and", "preset follows the protocol");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-saved").waitFor();
    const saved = (await calls(page, "devices_save_settings"))[0].settings.scale;
    assertEqual(saved.port, { path: "/dev/ttyUSB0", usb_vid: 0x0403, usb_pid: 0x6001, usb_serial: "A1B2C3" }, "port with USB id");
    assertEqual([saved.protocol, saved.preset], ["and", "and"], "protocol and preset");

    await page.getByTestId("test-read-weight").click();
    await waitFor(page, () => document.querySelector('[data-testid="test-result"]')?.textContent?.includes("reads"));
    assertEqual(await text(page, "test-result"), "The scale reads 0.00 g, stable.", "plain words");
    await page.getByTestId("test-tare").click();
    await waitFor(page, () => document.querySelector('[data-testid="test-result"]')?.textContent?.includes("Tared"));
    await page.getByTestId("test-scan").click();
    await waitFor(page, () => document.querySelector('[data-testid="test-result"]')?.textContent?.includes("Scan any barcode"));
    await scannerBurst(page, "6000000000000001");
    await waitFor(page, () => document.querySelector('[data-testid="test-result"]')?.textContent?.includes("Received"));
    assert((await text(page, "test-result")).includes('"6000000000000001" from the wedge scanner — biotrack'), await text(page, "test-result"));
  });

  suite.test("a refused save shows the reason; F9 does nothing outside training", async ({ page, open }) => {
    await openWithDevices(page, open, {
      mode: "production",
      devices: deviceFixture({ training: false, saveError: { code: "invalid", message: "Scale: choose a port (or a USB device)" } }),
    });
    await page.keyboard.press("F9");
    assertEqual(await page.getByTestId("sim-panel").count(), 0, "no panel in production");
    await page.keyboard.press("F10");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-error").waitFor();
    assertEqual(await text(page, "settings-error"), "Scale: choose a port (or a USB device)", "reason shown");
    await page.keyboard.press("Escape");
    await waitFor(page, () => !document.querySelector('[data-testid="device-settings"]'));
  });
}
