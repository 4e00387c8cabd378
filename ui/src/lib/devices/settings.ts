// Defaults and plain-language labels for the Device settings screen.
import type { PortChoice, PortView, PresetChoice, ScaleProtocolChoice, ScaleSettings, ScannerSettings, SuffixChoice } from "../ipc";

export const PROTOCOLS: [ScaleProtocolChoice, string][] = [
  ["mt_sics", "Mettler Toledo MT-SICS (also KERN, OHAUS 7000)"],
  ["and", "A&D"],
  ["ohaus", "OHAUS (Scout, Explorer)"],
];

export const PRESETS: [PresetChoice, string][] = [
  ["mettler_toledo", "Mettler Toledo — 9600 8N1"],
  ["and", "A&D — 2400 7E1"],
  ["ohaus", "OHAUS — 9600 8N1"],
  ["sartorius", "Sartorius (older) — 1200 7O1, hardware handshake"],
  ["scanner", "Scanner — 9600 8N1"],
];

export const SUFFIXES: [SuffixChoice, string][] = [
  ["cr_lf", "CR LF (recommended)"],
  ["cr", "CR"],
  ["lf", "LF"],
  ["tab", "TAB"],
];

export function presetFor(protocol: ScaleProtocolChoice): PresetChoice {
  return protocol === "mt_sics" ? "mettler_toledo" : protocol;
}

export function emptyPort(): PortChoice {
  return { path: null, usb_vid: null, usb_pid: null, usb_serial: null };
}

export function defaultScale(): ScaleSettings {
  return {
    port: emptyPort(),
    protocol: "mt_sics",
    preset: "mettler_toledo",
    baud: null,
    e_g: "0.01",
    d_g: "0.01",
    serial_number: null,
    calibration_due: null,
  };
}

export function defaultScanner(): ScannerSettings {
  return { port: emptyPort(), preset: "scanner", baud: null, suffix: "cr_lf", prefix: null };
}

function hex(n: number): string {
  return n.toString(16).padStart(4, "0");
}

/** "/dev/ttyUSB0 — USB 0403:6001 #A1B2 FTDI FT232R" */
export function describePort(p: PortView): string {
  const usb = p.usb_vid !== null && p.usb_pid !== null ? ` — USB ${hex(p.usb_vid)}:${hex(p.usb_pid)}` : ` — ${p.kind}`;
  const serial = p.usb_serial ? ` #${p.usb_serial}` : "";
  const name = [p.manufacturer, p.product].filter(Boolean).join(" ");
  return `${p.path}${usb}${serial}${name ? ` ${name}` : ""}`;
}

/** Choosing a listed port keeps its path and, for USB, its identity (so it is found again elsewhere). */
export function choosePort(p: PortView): PortChoice {
  return { path: p.path, usb_vid: p.usb_vid, usb_pid: p.usb_pid, usb_serial: p.usb_serial };
}
