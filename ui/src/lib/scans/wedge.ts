// Tells keyboard-wedge scanner bursts from human typing. A scanner "types" a whole barcode in a few
// milliseconds and ends it with Enter (or Tab); people leave far longer gaps between keys. Pure logic
// (timestamps in, decisions out) so it is tested without a browser.

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. Scanners send a key every 1–15 ms. */
  maxGapMs: number;
  /** Shortest barcode taken as a scan (shorter bursts are typing, e.g. a fast "ok⏎"). */
  minLength: number;
}

export const WEDGE_DEFAULTS: WedgeOptions = { maxGapMs: 35, minLength: 4 };

/** The ASCII Group Separator GS1 needs; scanners send it as Ctrl+]. */
export const GS = "\u001d";

export type WedgeStep =
  | { kind: "char" }
  | { kind: "burst"; text: string }
  | { kind: "other" };

export class WedgeDetector {
  private buf = "";
  private last = -Infinity;

  constructor(private readonly opts: WedgeOptions = WEDGE_DEFAULTS) {}

  /** One key: a printable character (or GS), "Enter"/"Tab", or anything else. */
  key(key: string, atMs: number): WedgeStep {
    const gap = atMs - this.last;
    const fast = gap <= this.opts.maxGapMs;
    if (key === "Enter" || key === "Tab") {
      const text = this.buf;
      this.reset();
      if (fast && text.length >= this.opts.minLength) return { kind: "burst", text };
      return { kind: "other" };
    }
    if (key.length !== 1) {
      this.reset();
      return { kind: "other" };
    }
    if (!fast) this.buf = "";
    this.buf += key;
    this.last = atMs;
    return { kind: "char" };
  }

  reset(): void {
    this.buf = "";
    this.last = -Infinity;
  }
}
