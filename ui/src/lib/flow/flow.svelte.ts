// The order being worked at this station: which step it is in, what the last scan came to, and the
// one routing function every input (scanner, typed UID, command barcode, key) goes through.
import { flow, log, tareScale, zeroScale } from "../ipc";
import type { IpcError, IpcResult, PickLine, PickSnapshot, PrintRecord, Printable, PrintTarget, StageResult, VerifyView, WeighFeedback } from "../ipc";
import { formatQuantity } from "../format";
import { commandOf, looksLikeCommand, type Verb } from "./commands";
import { play } from "./sounds.svelte";

export type Step = "pick" | "verify" | "stage" | "staged" | "paused";
export type Tone = "good" | "bad" | "ask";
export type Feedback = { tone: Tone; title: string; next: string; key: string };
/** A question the input answers: a reason (typed or a digit preset), or a yes/no. */
export type Prompt =
  | { kind: "seal"; uid: string; expires: string | null }
  | { kind: "discrepancy"; uid: string }
  | { kind: "reason"; purpose: "pause" | "cancel" | "reprint"; presets: string[] };

export const PRESETS = {
  pause: ["customer called", "item not found", "break", "manager needed"],
  cancel: ["customer cancelled", "out of stock", "duplicate order"],
  reprint: ["label damaged", "printer jam", "wrong stock loaded"],
};

export class FlowState {
  order = $state<string | null>(null);
  snapshot = $state<PickSnapshot | null>(null);
  verify = $state<VerifyView | null>(null);
  step = $state<Step>("pick");
  line = $state<number | null>(null);
  feedback = $state<Feedback | null>(null);
  prompt = $state<Prompt | null>(null);
  stage = $state<StageResult | null>(null);
  lastPrint = $state<{ what: Printable; record: PrintRecord } | null>(null);
  /** A weighed portion whose label did not print when it was weighed. */
  unprintedLabel = $state<string | null>(null);
  /** What the open reprint question is about. */
  reprintWhat = $state<Printable | null>(null);
  busy = $state(false);
  /** Set when the technician leaves the order screen. */
  onExit: (() => void) | null = null;

  get active(): boolean {
    return this.order !== null;
  }

  /** The line the cursor is on. */
  get current(): PickLine | null {
    return this.snapshot?.lines.find((l) => l.line_no === this.line) ?? null;
  }

  /** The current line when its bulk package is scanned and the scale is next. */
  get weighing(): PickLine | null {
    const line = this.current;
    return this.step === "pick" && line?.awaiting?.awaiting === "weight" ? line : null;
  }

  private fail(e: IpcError): void {
    this.feedback = { tone: "bad", title: "Not done", next: e.message, key: e.code };
    play("unknown");
    log("warn", `flow: ${e.code}: ${e.message}`);
  }

  private async run<T>(p: Promise<IpcResult<T>>, then: (v: T) => void): Promise<boolean> {
    this.busy = true;
    try {
      const r = await p;
      if (r.ok) then(r.value);
      else this.fail(r.error);
      return r.ok;
    } finally {
      this.busy = false;
    }
  }

  private open(s: PickSnapshot): void {
    if (this.order !== s.order) this.forgetPrints();
    this.order = s.order;
    this.snapshot = s;
    this.stage = null;
    this.verify = null;
    this.prompt = null;
    const steps: Partial<Record<string, Step>> = { paused: "paused", verifying: "verify", staged: "staged" };
    this.step = steps[s.status] ?? "pick";
    this.line = this.firstOpenLine();
    if (this.step === "verify") void this.run(flow.verifyView(s.order), (v) => (this.verify = v));
  }

  private firstOpenLine(): number | null {
    const lines = this.snapshot?.lines ?? [];
    return (lines.find((l) => !l.complete) ?? lines[0])?.line_no ?? null;
  }

  async claim(order: string): Promise<void> {
    await this.run(flow.claim(order), (s) => {
      this.open(s);
      this.feedback = { tone: "good", title: `Order ${s.order} claimed`, next: "Go to the first line's location and scan the package.", key: "claimed" };
    });
  }

  /** Opens an order this station already works (claimed, picking, verifying) or resumes a paused one. */
  async reopen(order: string, paused: boolean): Promise<void> {
    if (paused) {
      this.order = order;
      return this.resume();
    }
    await this.run(flow.snapshot(order), (s) => {
      this.open(s);
      this.feedback = { tone: "good", title: `Order ${s.order}`, next: "Carry on where you left off.", key: "reopened" };
    });
  }

  async claimTicket(scanned: string): Promise<void> {
    await this.run(flow.claimTicket(scanned), (s) => {
      this.open(s);
      this.feedback = { tone: "good", title: `Order ${s.order} claimed`, next: "Go to the first line's location and scan the package.", key: "claimed" };
    });
  }

  /** The next unfinished line after the current one, wrapping round; the current one if none. */
  private nextOpenLine(): number | null {
    const lines = this.snapshot?.lines ?? [];
    const i = lines.findIndex((l) => l.line_no === this.line);
    const order = [...lines.slice(i + 1), ...lines.slice(0, i + 1)];
    return (order.find((l) => !l.complete) ?? lines[i])?.line_no ?? null;
  }

  moveLine(delta: number): void {
    const lines = this.snapshot?.lines ?? [];
    const i = lines.findIndex((l) => l.line_no === this.line);
    const next = lines[Math.min(Math.max(i + delta, 0), lines.length - 1)];
    if (next) this.line = next.line_no;
  }

  /** Every input ends here: a scan or typed text (Enter), already trimmed. */
  async submit(text: string): Promise<void> {
    if (!this.order || this.busy) return;
    const verb = commandOf(text);
    if (verb) return this.command(verb);
    if (looksLikeCommand(text)) {
      this.feedback = { tone: "bad", title: "Unknown command barcode", next: "Scan a command from the station's command sheet.", key: "unknown_command" };
      play("unknown");
      return;
    }
    if (this.prompt?.kind === "reason") return this.answerReason(text);
    if (this.prompt?.kind === "seal" || this.prompt?.kind === "discrepancy") {
      this.feedback = { tone: "ask", title: "Answer the question first", next: this.promptHelp(), key: "prompt_open" };
      play("unknown");
      return;
    }
    switch (this.step) {
      case "pick":
        if (text === "" && this.weighing) return this.acceptWeight();
        return text === "" ? this.startVerify() : this.pickScan(text);
      case "verify":
        return text === "" ? this.finishVerify() : this.verifyScan(text);
      case "stage":
        if (text !== "") return this.commit(text);
        return;
      case "staged":
        if (text === "") this.exit();
        return;
      case "paused":
        if (text === "") return this.resume();
        return;
    }
  }

  promptHelp(): string {
    switch (this.prompt?.kind) {
      case "seal":
        return "Seal intact and expiry date right? Press Y (or scan CONFIRM); N (or scan CANCEL) if not.";
      case "discrepancy":
        return "Press Q (or scan CONFIRM) to quarantine it and tell the Inventory Manager; Esc to put it back.";
      case "reason":
        return `Type why and press Enter, or press ${this.prompt.presets.map((p, i) => `${i + 1} for "${p}"`).join(", ")}.`;
      default:
        return "";
    }
  }

  async command(verb: Verb): Promise<void> {
    const p = this.prompt;
    if (p?.kind === "seal" && (verb === "CONFIRM" || verb === "CANCEL")) return this.seal(verb === "CONFIRM");
    if (p?.kind === "discrepancy" && verb === "CONFIRM") return this.reportDiscrepancy();
    if (p && verb === "CANCEL") {
      this.prompt = null;
      return;
    }
    switch (verb) {
      case "CONFIRM":
        return this.submit("");
      case "NEXT":
        if (this.step === "staged") return this.exit();
        return this.moveLine(1);
      case "PAUSE":
        return this.ask("pause");
      case "RESUME":
        return this.resume();
      case "CANCEL":
        return this.ask("cancel");
      case "REPRINT": {
        // The label the current line waits for comes first: its first print if the weigh-out's
        // print failed, else a reprint, which needs a reason.
        const due = this.labelDue();
        if (due && this.unprintedLabel === due.uid) return this.print(due, "print");
        if (due) return this.askReprint(due);
        if (this.lastPrint) return this.askReprint(this.lastPrint.what);
        this.feedback = { tone: "bad", title: "Nothing printed yet", next: "Print a label first.", key: "nothing_to_reprint" };
        return;
      }
      case "ZERO":
        return this.scaleCommand("zero");
      case "TARE":
        return this.scaleCommand("tare");
    }
  }

  /** Zero (empty pan) or tare (empty container on the pan), while a line waits for its weight. */
  async scaleCommand(what: "zero" | "tare"): Promise<void> {
    if (!this.weighing) {
      this.feedback = { tone: "bad", title: "Nothing to weigh", next: "Scan the bulk package of a weighed line first.", key: "not_weighing" };
      play("unknown");
      return;
    }
    if (what === "zero") {
      await this.run(zeroScale(), () => {
        this.feedback = { tone: "ask", title: "Scale zeroed", next: "Put the empty container on the scale and press T (or scan TARE).", key: "scale_zeroed" };
      });
      return;
    }
    await this.run(tareScale(), (tare) => {
      const grams = tare === null ? "" : ` (${tare} g)`;
      this.feedback = { tone: "ask", title: `Container tared${grams}`, next: `Fill it to ${this.target()}; when the reading is stable press Enter (or scan CONFIRM).`, key: "scale_tared" };
    });
  }

  /** The package label the current line waits to have scanned. */
  private labelDue(): { kind: "package_label"; uid: string } | null {
    const line = this.current;
    return line?.awaiting?.awaiting === "label" ? { kind: "package_label", uid: line.awaiting.portion_uid } : null;
  }

  private target(): string {
    const wanted = this.weighing?.wanted;
    return wanted ? formatQuantity(wanted) : "the line's weight";
  }

  /** Enter with the portion on the scale: the current reading is judged; a good one prints its label. */
  async acceptWeight(): Promise<void> {
    const order = this.order;
    const line = this.weighing;
    if (!order || !line) return;
    await this.run(flow.weigh(order, line.line_no), (f) => this.showWeighing(f));
  }

  private showWeighing(f: WeighFeedback): void {
    this.snapshot = f.snapshot;
    play(f.sound);
    const recorded = f.outcome?.outcome === "recorded" ? f.outcome : null;
    if (!recorded) {
      const title = f.key === "unstable" ? "Still moving" : f.key === "out_of_tolerance" ? "Not the right weight" : f.key.replaceAll("_", " ");
      this.feedback = { tone: "bad", title, next: f.next_step, key: f.key };
      return;
    }
    const uid = recorded.portion_uid;
    this.unprintedLabel = f.label ? null : uid;
    if (f.label) this.lastPrint = { what: { kind: "package_label", uid }, record: f.label };
    const printed = f.label ? "Its label is printing: stick it on the container and scan it." : `The label did not print: ${f.label_error ?? ""} Press P (or scan REPRINT) to print it.`;
    this.feedback = { tone: "good", title: `${f.weight.net_g ?? ""} g accepted · new package ${uid}`, next: printed, key: f.key };
  }


  askReprint(what: Printable): void {
    this.reprintWhat = what;
    this.ask("reprint");
  }

  ask(purpose: "pause" | "cancel" | "reprint"): void {
    this.prompt = { kind: "reason", purpose, presets: PRESETS[purpose] };
    this.feedback = { tone: "ask", title: `Why ${purpose}?`, next: this.promptHelp(), key: `ask_${purpose}` };
  }

  private async answerReason(text: string): Promise<void> {
    if (this.prompt?.kind !== "reason" || !this.order) return;
    const preset = /^[1-9]$/.test(text) ? this.prompt.presets[Number(text) - 1] : undefined;
    const reason = preset ?? text;
    if (reason.trim() === "") {
      this.feedback = { tone: "ask", title: "A reason is needed", next: this.promptHelp(), key: "reason_missing" };
      return;
    }
    const purpose = this.prompt.purpose;
    this.prompt = null;
    const order = this.order;
    if (purpose === "pause") {
      await this.run(flow.pause(order, reason), () => {
        this.step = "paused";
        this.feedback = { tone: "ask", title: `Paused: ${reason}`, next: "The picks stay reserved. Press Enter (or scan RESUME) to go on, Esc for the queue.", key: "paused" };
      });
    } else if (purpose === "cancel") {
      await this.run(flow.cancel(order, reason), (r) => {
        const moved = r.returned;
        let back = moved.length > 0 ? ` ${moved.length} package(s) go back to the vault; the moves are queued.` : "";
        if (r.labels.length > 0) back += ` Units split off for this order are their own lot now: stick the new label on them (${r.labels.map((l) => l.subject).join(", ")}).`;
        if (r.label_errors.length > 0) back += ` A label did not print (${r.label_errors.join("; ")}): print it from the labels folder.`;
        this.feedback = { tone: "ask", title: `Order ${order} cancelled`, next: `Return the items to their vault locations.${back}`, key: "cancelled" };
        this.step = "staged";
      });
    } else if (this.reprintWhat) {
      await this.print(this.reprintWhat, "print", reason);
    }
  }

  async seal(ok: boolean): Promise<void> {
    if (!this.order) return;
    this.prompt = null;
    await this.run(flow.confirmSeal(this.order, ok, ok), (f) => this.showScan(f.snapshot, f.verdict.verdict, f.sound, f.next_step, f.accepted));
  }

  private async pickScan(text: string): Promise<void> {
    const order = this.order;
    if (!order) return;
    const line = this.current;
    if (line?.awaiting?.awaiting === "label") {
      await this.run(flow.confirmLabel(order, line.line_no, text), (f) => this.showScan(f.snapshot, f.check.outcome, f.sound, f.next_step, f.check.outcome === "matches"));
      return;
    }
    await this.run(flow.scan(order, this.line, text), (f) => {
      const v = f.verdict;
      this.showScan(f.snapshot, v.verdict, f.sound, f.next_step, f.accepted);
      if (v.verdict === "needs_seal_check") this.prompt = { kind: "seal", uid: v.uid, expires: v.expires_on };
      if (v.verdict === "not_available_in_state_system") this.prompt = { kind: "discrepancy", uid: v.uid };
    });
  }

  private showScan(s: PickSnapshot, key: string, sound: Parameters<typeof play>[0], next: string, accepted: boolean): void {
    this.snapshot = s;
    const tone: Tone = accepted ? "good" : key === "needs_seal_check" ? "ask" : "bad";
    const titles: Record<string, string> = { accepted: "Right item", bulk_ready: "Bulk package ready", needs_seal_check: "Check the seal", matches: "Label matches" };
    this.feedback = { tone, title: titles[key] ?? key.replaceAll("_", " "), next, key };
    play(sound);
    if (this.current?.complete) this.line = this.nextOpenLine();
    if (s.ready_to_verify) this.feedback.next += " All lines done: press Enter (or scan CONFIRM) to verify.";
  }

  async reportDiscrepancy(): Promise<void> {
    if (this.prompt?.kind !== "discrepancy" || !this.order) return;
    const uid = this.prompt.uid;
    this.prompt = null;
    await this.run(flow.reportDiscrepancy(this.order, uid), (r) => {
      if (r.order_paused) this.step = "paused";
      this.feedback = { tone: "ask", title: `Discrepancy reported for ${uid}`, next: "Put the package in quarantine. The Inventory Manager has been told; the order is paused until it is sorted out.", key: "discrepancy_reported" };
    });
  }

  dismissPrompt(): boolean {
    if (!this.prompt) return false;
    this.prompt = null;
    return true;
  }

  private async startVerify(): Promise<void> {
    if (!this.order) return;
    if (!this.snapshot?.ready_to_verify) {
      this.feedback = { tone: "bad", title: "Lines still open", next: "Finish every line before verifying.", key: "not_ready" };
      return;
    }
    await this.run(flow.startVerify(this.order), (v) => {
      this.verify = v;
      this.step = "verify";
      this.feedback = { tone: "ask", title: "Verify", next: "Scan every item in the bin again, then press Enter.", key: "verify_started" };
    });
  }

  private async verifyScan(text: string): Promise<void> {
    if (!this.order) return;
    await this.run(flow.verifyScan(this.order, text), (f) => {
      this.verify = f.view;
      this.feedback = { tone: f.verdict.verdict === "matched" ? "good" : "bad", title: f.verdict.verdict, next: f.next_step, key: f.verdict.verdict };
      play(f.sound);
    });
  }

  private async finishVerify(): Promise<void> {
    if (!this.order) return;
    if (this.verify?.complete) {
      this.step = "stage";
      this.feedback = { tone: "ask", title: "Complete match", next: "Bag the items, then scan the staging location's label.", key: "verified" };
      return;
    }
    await this.run(flow.finishVerify(this.order), (v) => {
      this.verify = v;
      if (v.complete) {
        this.step = "stage";
        this.feedback = { tone: "good", title: "Complete match", next: "Bag the items, then scan the staging location's label.", key: "verified" };
        play("verify_match");
      } else {
        this.feedback = { tone: "bad", title: "Not a complete match", next: "Missing or extra items are listed: fix the bin, then press R to verify again.", key: "verify_mismatch" };
        play("verify_extra");
      }
    });
  }

  async restartVerify(): Promise<void> {
    if (!this.order || this.step !== "verify") return;
    await this.run(flow.restartVerify(this.order), (v) => (this.verify = v));
  }

  private async commit(stagingScan: string): Promise<void> {
    if (!this.order) return;
    const order = this.order;
    await this.run(flow.commitStage(order, stagingScan), (r) => {
      this.stage = r;
      this.step = "staged";
      if (r.exit_bag) this.lastPrint = { what: { kind: "exit_bag", order }, record: r.exit_bag };
      const label = r.exit_bag ? "The exit-bag label is printing." : `The exit-bag label did not print: ${r.exit_bag_error ?? ""} Use Print below.`;
      this.feedback = { tone: "good", title: `Staged at ${r.receipt.staging_location}`, next: `${label} ${r.receipt.outbox_ops.length} BioTrack change(s) wait for sync. Press Enter for the queue.`, key: "staged" };
      play("label_matches");
    });
  }

  async resume(): Promise<void> {
    if (!this.order) return;
    await this.run(flow.resume(this.order), (s) => {
      this.open(s);
      this.feedback = { tone: "good", title: "Resumed", next: "Scan the next package.", key: "resumed" };
    });
  }

  async print(what: Printable, target: PrintTarget, reprintReason: string | null = null): Promise<void> {
    await this.run(flow.print({ what, target, reprint_reason: reprintReason }), (record) => {
      if (target === "print") this.lastPrint = { what, record };
      if (target === "print" && what.kind === "package_label" && what.uid === this.unprintedLabel) this.unprintedLabel = null;
      const where = record.delivery === "saved" ? `Saved to ${record.file}` : record.delivery === "print_dir" ? `Sent to ${record.file}` : "The print dialog of your PDF viewer is open.";
      this.feedback = { tone: "good", title: record.reprint ? "Reprinted" : target === "print" ? "Printed" : "PDF saved", next: where, key: `print_${record.kind}` };
    });
  }

  /** The customer has the bag. */
  async handOff(): Promise<void> {
    if (!this.order || this.step !== "staged") return;
    const order = this.order;
    await this.run(flow.handOff(order), () => {
      this.exit();
      this.feedback = { tone: "good", title: `Order ${order} handed off`, next: "Scan the next order ticket.", key: "handed_off" };
    });
  }

  /** REPRINT is about this order's documents only. */
  private forgetPrints(): void {
    this.lastPrint = null;
    this.unprintedLabel = null;
    this.reprintWhat = null;
  }

  exit(): void {
    this.forgetPrints();
    this.order = null;
    this.snapshot = null;
    this.verify = null;
    this.stage = null;
    this.prompt = null;
    this.feedback = null;
    this.onExit?.();
  }
}
