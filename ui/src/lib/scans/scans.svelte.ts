// The UI's scan stream: every scan the engine's one intake accepts (serial scanner, keyboard wedge,
// simulated) arrives here once, as `ScanView`. Screens subscribe with `onScan`; nothing else listens
// to the IPC event.
import { log, onScanReceived, submitWedge } from "../ipc";
import type { ScanView } from "../ipc";
import { GS, WedgeDetector } from "./wedge";

export type { ScanView } from "../ipc";

type Handler = (scan: ScanView) => void;

// Not reactive on purpose: subscribers, not state.
let handlers: Handler[] = [];

/** The newest scan, for the header's "last scan" display. */
export const lastScan = $state<{ scan: ScanView | null }>({ scan: null });

let started = false;

/**
 * Subscribes to accepted scans. Contract: called once per accepted scan, in arrival order, with
 * duplicates inside the engine's window already dropped; the handler runs synchronously on the UI
 * thread, so it should not block. Returns the unsubscribe function.
 */
export function onScan(handler: Handler): () => void {
  handlers = [...handlers, handler];
  return () => {
    handlers = handlers.filter((h) => h !== handler);
  };
}

function deliver(scan: ScanView): void {
  lastScan.scan = scan;
  for (const h of handlers) {
    try {
      h(scan);
    } catch (e) {
      log("error", `a scan handler failed: ${String(e)}`);
    }
  }
}

/** A field the technician is typing in: it keeps every key, scanner bursts included. */
function editing(el: Element | null): boolean {
  return (
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLElement && el.isContentEditable)
  );
}

/**
 * Starts the scan stream and the one global keyboard-wedge catcher. A burst (at least 4 keys, each
 * within 35 ms of the last, ending in Enter or Tab) typed while no form field has the focus is
 * handed to the engine's intake and its Enter/Tab suppressed (so it cannot press a focused button).
 * A focused form field keeps every key — typing and a scan into it (a badge field, a search box)
 * behave as in any form. Returns a stop function.
 */
export function startScans(): () => void {
  if (started) return () => {};
  started = true;
  const unlisten = onScanReceived(deliver);
  const detector = new WedgeDetector();

  const onKeydown = (e: KeyboardEvent): void => {
    if (e.altKey || e.metaKey || editing(document.activeElement)) {
      detector.reset();
      return;
    }
    let key = e.key;
    if (e.ctrlKey) {
      if (key !== "]") {
        detector.reset();
        return;
      }
      key = GS;
      e.preventDefault();
    }
    const step = detector.key(key, e.timeStamp);
    if (step.kind === "burst") {
      e.preventDefault();
      e.stopPropagation();
      void submitWedge(step.text).then((r) => {
        if (!r.ok) log("warn", `wedge scan refused: ${r.error.message}`);
      });
    }
  };
  window.addEventListener("keydown", onKeydown, true);
  return () => {
    window.removeEventListener("keydown", onKeydown, true);
    void unlisten.then((stop) => stop());
    started = false;
  };
}
