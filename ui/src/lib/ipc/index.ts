// The UI's only door to the app process. Everything else imports from here, never from
// @tauri-apps/* (an ESLint rule enforces it), so the Playwright tests can mock this seam alone.
import { commands, events } from "./bindings";
import type { IpcError, QueueSnapshot, StatusReport, UiLogLevel } from "./bindings";

export type {
  Channel,
  DeviceStatus,
  IpcError,
  IpcErrorCode,
  LinkStatus,
  Mode,
  OrderStatus,
  Quantity,
  QueueEntry,
  QueueLine,
  QueueSnapshot,
  StatusReport,
  StatusSnapshot,
} from "./bindings";

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Tauri itself (not our commands) can reject with a bare string, e.g. a permission denial. */
function asIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    return e as IpcError;
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e) };
}

export async function call<T>(
  f: () => Promise<{ status: "ok"; data: T } | { status: "error"; error: IpcError }>,
): Promise<IpcResult<T>> {
  try {
    const r = await f();
    return r.status === "ok" ? { ok: true, value: r.data } : { ok: false, error: asIpcError(r.error) };
  } catch (e) {
    return { ok: false, error: asIpcError(e) };
  }
}

export function fetchQueue(): Promise<IpcResult<QueueSnapshot>> {
  return call(() => commands.queueSnapshot());
}

export function fetchStatus(): Promise<IpcResult<StatusReport>> {
  return call(() => commands.statusSnapshot());
}

export type Unlisten = () => void;

export function onQueueChanged(handler: (snapshot: QueueSnapshot) => void): Promise<Unlisten> {
  return events.queueChanged.listen((e) => handler(e.payload));
}

export function onStatusTick(handler: (report: StatusReport) => void): Promise<Unlisten> {
  return events.statusTick.listen((e) => handler(e.payload));
}

/** Writes to the app's log file. Never throws: logging must not break the screen. */
export function log(level: UiLogLevel, message: string): void {
  commands.uiLog(level, message).catch((e: unknown) => {
    console.error("ui_log failed", e, message);
  });
}

export * from "./flow";
export * from "./devices";
