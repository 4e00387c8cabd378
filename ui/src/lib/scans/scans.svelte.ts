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

function editable(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/**
 * Starts the scan stream and the one global keyboard-wedge catcher. Typing is never swallowed:
 * characters reach the focused field as usual; only when a burst ends (fast keys + Enter/Tab) is
 * the field put back as it was before the burst, the Enter/Tab suppressed and the text handed to
 * the engine's intake. Returns a stop function.
 */
export function startScans(): () => void {
  if (started) return () => {};
  started = true;
  const unlisten = onScanReceived(deliver);
  const detector = new WedgeDetector();
  let before: { el: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;

  const onKeydown = (e: KeyboardEvent): void => {
    if (e.altKey || e.metaKey) return;
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
    if (step.kind === "char" && step.startsBurst) {
      const el = document.activeElement;
      before = editable(el) ? { el, value: el.value } : null;
    } else if (step.kind === "burst") {
      e.preventDefault();
      e.stopPropagation();
      if (before && before.el === document.activeElement) {
        before.el.value = before.value;
        before.el.dispatchEvent(new Event("input", { bubbles: true }));
      }
      before = null;
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
