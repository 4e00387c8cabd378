// The device commands as the engine would answer them, for the device screens' tests. Injected after
// mock.mjs's script; state lives in `window.__vpDev` (tests read `calls` and change the rest).

export function deviceFixture(overrides = {}) {
  return {
    training: true,
    settings: {
      scale: {
        port: { path: "/data/devices/scale", usb_vid: null, usb_pid: null, usb_serial: null },
        protocol: "mt_sics",
        preset: "mettler_toledo",
        baud: null,
        e_g: "0.01",
        d_g: "0.01",
        serial_number: "SIM-7EA15CA1E",
        calibration_due: "2031-03-14",
      },
      scanner: null,
    },
    ports: [
      { path: "/dev/ttyS0", kind: "pci", usb_vid: null, usb_pid: null, usb_serial: null, manufacturer: null, product: null },
      { path: "/dev/ttyUSB0", kind: "usb", usb_vid: 0x0403, usb_pid: 0x6001, usb_serial: "A1B2C3", manufacturer: "FTDI", product: "FT232R" },
    ],
    packages: [
      { uid: "6000000000000001", name: "Brand X — Flower", location: "Vault A-1" },
      { uid: "6000000000000002", name: "Brand Y — Vape cartridge", location: "Vault B-2" },
    ],
    ...overrides,
  };
}

export function deviceMockScript(fixture) {
  return `(() => {
window.__vpDev = ${JSON.stringify(fixture)};
window.__vpDev.calls = [];
window.__vpDev.placed = null;
const emitScan = (text, source) => window.__TAURI_INTERNALS__.invoke("plugin:event|emit", {
  event: "scan-received",
  payload: { text, raw: text, kind: { type: /^\\d{16}$/.test(text) ? "biotrack" : "unknown", ...( /^\\d{16}$/.test(text) ? { id: text } : { reason: "not a known format" }) },
    symbology: null, source, at: "2030-03-14T15:00:00.000Z" },
});
const overview = () => {
  const d = window.__vpDev;
  return { training: d.training, settings: d.settings, scale: { state: "connected", detail: "mt-sics scale" },
    scanner: { state: "not_configured" }, scale_serial: "SIM-7EA15CA1E", simulator_problem: d.simulatorProblem ?? null };
};
const weight = () => {
  const p = window.__vpDev.placed;
  return { net_g: p ? p.grams : "0.00", gross_g: null, tare_g: null, net_mg: p ? Math.round(Number(p.grams) * 1000) : 0,
    stable: !p || (p.noise_mg <= 10 && !p.overload), overload: !!(p && p.overload), underload: false, error: null,
    raw: "S S 3.50 g", at: "2030-03-14T15:00:00.000Z", scale_serial: "SIM-7EA15CA1E", e_g: "0.01", d_g: "0.01" };
};
window.__vpMore = (cmd, args) => {
  const d = window.__vpDev;
  d.calls.push({ cmd, args: args ?? null });
  switch (cmd) {
    case "devices_overview": return overview();
    case "devices_list_ports": return d.ports;
    case "devices_save_settings":
      if (d.saveError) throw d.saveError;
      d.settings = args.settings;
      return overview();
    case "scale_read": return weight();
    case "scale_zero": return null;
    case "scale_tare": return "12.30";
    case "submit_wedge": void emitScan(args.text, "wedge"); return null;
    case "sim_place_weight": d.placed = args.weight; return null;
    case "sim_plug_scale": return null;
    case "sim_scan": void emitScan(args.text, "serial"); return null;
    case "sim_packages": return d.packages.filter((p) => (p.uid + " " + p.name).toLowerCase().includes(args.filter.toLowerCase()));
    default: return undefined;
  }
};
})();`;
}
