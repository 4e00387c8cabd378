import type { IpcError } from "./ipc";

/** What the technician should do next, by error code. */
export function nextStep(error: IpcError): string {
  switch (error.code) {
    case "newer_schema":
      return "Update VaultPick on this station; the data was left untouched.";
    case "disk_full":
      return "Ask a manager to free disk space; nothing was lost.";
    case "busy":
      return "Close the other VaultPick window on this station, then wait a moment.";
    case "invalid":
    case "not_found":
      return "Try again; if it repeats, tell a manager.";
    case "device":
      return "Check the device's cable and power, then look at Devices (F10).";
    case "store":
    case "internal":
      return "Tell a manager and keep paper records until support has looked at it.";
  }
}
