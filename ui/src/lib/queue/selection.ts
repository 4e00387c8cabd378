import type { QueueEntry } from "../ipc";

/** Which order stays selected when the queue refreshes: the same order if it is still there,
 * otherwise the one now at its old position (so the technician's place is kept), else none. */
export function followSelection(
  before: readonly QueueEntry[],
  after: readonly QueueEntry[],
  selected: string | null,
): string | null {
  if (after.length === 0) return null;
  if (selected !== null && after.some((e) => e.pos_id === selected)) return selected;
  const oldIndex = selected === null ? 0 : before.findIndex((e) => e.pos_id === selected);
  const index = Math.min(Math.max(oldIndex, 0), after.length - 1);
  return after[index]?.pos_id ?? null;
}

/** The order `delta` rows away from the selected one, stopping at either end. */
export function moveSelection(
  entries: readonly QueueEntry[],
  selected: string | null,
  delta: number,
): string | null {
  if (entries.length === 0) return null;
  const at = entries.findIndex((e) => e.pos_id === selected);
  const from = at === -1 ? (delta > 0 ? -1 : entries.length) : at;
  const index = Math.min(Math.max(from + delta, 0), entries.length - 1);
  return entries[index]?.pos_id ?? null;
}
