// One short tone pattern per outcome, made with the Web Audio API (no audio files): a technician
// hears which kind of result it was without looking. Good outcomes rise, refusals fall or buzz, and
// each refusal has its own rhythm. The last played key is exposed for tests (`data-sound`).
import type { SoundKey } from "../ipc";

/** [frequency Hz, duration ms] notes, played back to back; `wave` colours the family. */
type Pattern = { wave: OscillatorType; notes: [number, number][] };

const GOOD: OscillatorType = "sine";
const BAD: OscillatorType = "square";
const ASK: OscillatorType = "triangle";

export const PATTERNS: Record<SoundKey, Pattern> = {
  right_item: { wave: GOOD, notes: [[880, 90], [1320, 110]] },
  bulk_ready: { wave: GOOD, notes: [[660, 90], [880, 90], [1100, 90]] },
  seal_check: { wave: ASK, notes: [[740, 120], [740, 120]] },
  seal_refused: { wave: BAD, notes: [[330, 150], [220, 250]] },
  wrong_item: { wave: BAD, notes: [[220, 350]] },
  expired: { wave: BAD, notes: [[440, 120], [330, 120], [220, 200]] },
  quarantined: { wave: BAD, notes: [[300, 100], [300, 100], [300, 100], [200, 200]] },
  qa_not_passed: { wave: BAD, notes: [[350, 120], [250, 250]] },
  not_active: { wave: BAD, notes: [[260, 120], [260, 250]] },
  not_available_locally: { wave: BAD, notes: [[392, 160], [294, 160]] },
  not_in_state_system: { wave: BAD, notes: [[200, 120], [400, 120], [200, 250]] },
  unknown: { wave: ASK, notes: [[500, 80], [400, 80], [500, 80]] },
  over_scan: { wave: BAD, notes: [[600, 80], [600, 80], [600, 80], [600, 80]] },
  duplicate_scan: { wave: ASK, notes: [[520, 100], [520, 100]] },
  weight_accepted: { wave: GOOD, notes: [[990, 80], [1320, 80], [1760, 120]] },
  weight_refused: { wave: BAD, notes: [[280, 200], [240, 200]] },
  label_matches: { wave: GOOD, notes: [[1040, 80], [1560, 140]] },
  label_mismatch: { wave: BAD, notes: [[240, 150], [180, 300]] },
  verify_match: { wave: GOOD, notes: [[1175, 100]] },
  verify_extra: { wave: BAD, notes: [[250, 120], [250, 120], [180, 250]] },
};

let ctx: AudioContext | null = null;
export const lastSound = $state<{ key: SoundKey | null; count: number }>({ key: null, count: 0 });

/** Plays the outcome's pattern; silent (but still recorded) where audio is unavailable. */
export function play(key: SoundKey): void {
  lastSound.key = key;
  lastSound.count += 1;
  try {
    ctx ??= new AudioContext();
    const p = PATTERNS[key];
    let t = ctx.currentTime;
    for (const [freq, ms] of p.notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = p.wave;
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + ms / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + ms / 1000);
      t += ms / 1000 + 0.03;
    }
  } catch {
    // No audio device (CI, a muted kiosk): the screen still shows the outcome.
  }
}
