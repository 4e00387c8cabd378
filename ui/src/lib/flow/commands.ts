// Command barcodes (`CMD:<VERB>`, the devices crate's scheme) and the keys that do the same thing.
export type Verb = "CONFIRM" | "NEXT" | "PAUSE" | "RESUME" | "CANCEL" | "REPRINT" | "ZERO" | "TARE";
const VERBS: readonly Verb[] = ["CONFIRM", "NEXT", "PAUSE", "RESUME", "CANCEL", "REPRINT", "ZERO", "TARE"];

/** The verb if `scanned` is a command barcode we know; lowercase is accepted, nothing else around it. */
export function commandOf(scanned: string): Verb | null {
  const t = scanned.trim().toUpperCase();
  if (!t.startsWith("CMD:")) return null;
  const verb = t.slice(4) as Verb;
  return VERBS.includes(verb) ? verb : null;
}

/** True for any `CMD:` text, known or not: an unknown verb is refused, never sent as a package scan. */
export function looksLikeCommand(scanned: string): boolean {
  return scanned.trim().toUpperCase().startsWith("CMD:");
}
