// The engine's clock, as seen by the UI. Snapshots and status ticks carry the engine's `now`; between
// them we advance it with the monotonic `performance.now()`, so countdowns never depend on the
// webview's wall clock being right.

let engineAnchorMs = 0;
let localAnchorMs = 0;

export const clock = $state({ nowMs: 0, synced: false });

function estimate(): number {
  return engineAnchorMs + (performance.now() - localAnchorMs);
}

/** Adopts the engine's time from a snapshot or tick. Small backward steps (IPC latency) are ignored
 * so a countdown never shows the same second twice; a real clock change (> 2 s) is followed. */
export function syncClock(iso: string): void {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return;
  if (clock.synced) {
    const current = estimate();
    if (t < current && current - t < 2000) return;
  }
  engineAnchorMs = t;
  localAnchorMs = performance.now();
  clock.nowMs = t;
  clock.synced = true;
}

/** Re-renders the clock four times a second so each displayed second changes on time. */
export function startClock(): () => void {
  const id = setInterval(() => {
    if (clock.synced) clock.nowMs = estimate();
  }, 250);
  return () => clearInterval(id);
}
