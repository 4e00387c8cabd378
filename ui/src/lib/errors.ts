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
    case "signed_out":
    case "station_locked":
      return "Scan your badge and enter your PIN.";
    case "not_recognised":
      return "Check the badge number and PIN and try again.";
    case "locked_out":
      return "Ask a manager: this badge is locked out for a while.";
    case "forbidden":
      return "Ask an Inventory Manager to do this.";
    case "keyring":
      return "The OS keyring is locked or missing: unlock it (log in to the desktop) and try again.";
    case "store":
    case "internal":
      return "Tell a manager and keep paper records until support has looked at it.";
  }
}
