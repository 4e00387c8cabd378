// Who is at the station, as the UI knows it: refreshed from every status tick, so an idle auto-lock
// shows within a second. Key presses, clicks and scans touch the session (at most every 10 s).
import { log } from "../ipc";
import { fetchSession, fetchSetup, touchSession } from "../ipc/world";
import type { Agent, LockStatus, SetupStatus } from "../ipc/world";

const TOUCH_EVERY_MS = 10_000;

export class SessionState {
  status = $state<LockStatus | null>(null);
  setup = $state<SetupStatus | null>(null);
  needsSetup = $state(false);
  private lastTouch = 0;

  get agent(): Agent | null {
    const s = this.status;
    return s && s.state !== "signed_out" ? s.agent : null;
  }

  get unlocked(): boolean {
    return this.status?.state === "unlocked";
  }

  get isManager(): boolean {
    return this.unlocked && this.agent?.role === "manager";
  }

  apply(status: LockStatus): void {
    this.status = status;
  }

  async load(): Promise<void> {
    const [setup, session] = await Promise.all([fetchSetup(), fetchSession()]);
    if (setup.ok) {
      this.setup = setup.value;
      this.needsSetup = setup.value.needs_setup;
    } else log("warn", `setup status could not be read: ${setup.error.message}`);
    if (session.ok) this.status = session.value;
    else log("warn", `session could not be read: ${session.error.message}`);
  }

  /** Activity in the window keeps the station unlocked; the engine decides when it locks. */
  activity(): void {
    if (!this.unlocked) return;
    const now = performance.now();
    if (now - this.lastTouch < TOUCH_EVERY_MS) return;
    this.lastTouch = now;
    void touchSession().then((r) => {
      if (r.ok) this.status = r.value;
    });
  }
}
