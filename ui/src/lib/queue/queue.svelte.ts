import type { IpcError, QueueEntry, QueueSnapshot } from "../ipc";
import { syncClock } from "../clock.svelte";
import { followSelection, moveSelection } from "./selection";

/** The queue as the screen shows it: the engine's order, untouched, plus the selection. */
export class QueueState {
  entries = $state<QueueEntry[]>([]);
  selected = $state<string | null>(null);
  error = $state<IpcError | null>(null);
  loaded = $state(false);

  apply(snapshot: QueueSnapshot): void {
    syncClock(snapshot.now);
    this.selected = followSelection(this.entries, snapshot.entries, this.selected);
    this.entries = snapshot.entries;
    this.error = null;
    this.loaded = true;
  }

  fail(error: IpcError): void {
    this.error = error;
  }

  select(posId: string): void {
    if (this.entries.some((e) => e.pos_id === posId)) this.selected = posId;
  }

  move(delta: number): void {
    this.selected = moveSelection(this.entries, this.selected, delta);
  }

  first(): void {
    this.selected = this.entries[0]?.pos_id ?? null;
  }

  last(): void {
    this.selected = this.entries.at(-1)?.pos_id ?? null;
  }
}
