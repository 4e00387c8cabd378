// The live weight: polls the station scale's current reading while a screen shows it (one request
// at a time, so a slow scale is never queued up). The flow's weigh screen reuses it.
import { readWeight } from "../ipc";
import type { IpcError, WeightView } from "../ipc";

export const WEIGHT_POLL_MS = 300;

export class LiveWeight {
  weight = $state<WeightView | null>(null);
  error = $state<IpcError | null>(null);

  /** Starts polling; returns the stop function (call it from the component's cleanup). */
  start(everyMs = WEIGHT_POLL_MS): () => void {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      const r = await readWeight("current");
      if (stopped) return;
      if (r.ok) {
        this.weight = r.value;
        this.error = null;
      } else {
        this.error = r.error;
      }
      timer = setTimeout(() => void poll(), everyMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}
