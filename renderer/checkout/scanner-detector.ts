/**
 * Tells a keyboard-wedge scanner from a person typing, from key names and event times alone.
 *
 * A scanner types its code as one burst (1-20 ms between keys) and ends with Enter; a person
 * types 80-300 ms per key, and even a fast typist's key rollover makes at most two or three
 * quick keys in a row. So: a run of at least `minLength` characters, each within `maxGapMs`
 * of the one before, followed by Enter within `maxEnterGapMs`, is a scan. Anything slower
 * starts a new run. Pure: no DOM, so it is tested with recorded timing traces.
 */
export interface ScannerOptions {
  /** Fewest characters a scan carries (shorter bursts are typing). */
  minLength: number;
  /** Longest gap between two characters of one burst. */
  maxGapMs: number;
  /** Longest gap between the last character and the Enter that ends a scan. */
  maxEnterGapMs: number;
}

export const DEFAULT_SCANNER_OPTIONS: ScannerOptions = { minLength: 6, maxGapMs: 30, maxEnterGapMs: 100 };

export type ScanVerdict =
  /** A character: `startsBurst` when it is the first of a new run (the caller remembers the field as it was). */
  | { kind: 'char'; startsBurst: boolean }
  /** Enter ended a burst: this Enter belongs to the scanner, not to the page. */
  | { kind: 'scan'; code: string }
  /** Any other key (or an Enter that ends typing): let it through. */
  | { kind: 'key' };

/** Keys a scanner sends that carry no character and do not break a burst. */
const NEUTRAL_KEYS = new Set(['Shift', 'CapsLock']);

export class ScannerDetector {
  private readonly options: ScannerOptions;
  private burst = '';
  private lastCharAt = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<ScannerOptions> = {}) {
    this.options = { ...DEFAULT_SCANNER_OPTIONS, ...options };
  }

  /** Feed one keydown: its `key` name and its time in ms (event.timeStamp). */
  feed(key: string, time: number): ScanVerdict {
    if (NEUTRAL_KEYS.has(key)) return { kind: 'key' };
    if (key === 'Enter') {
      const code = this.burst;
      const quick = time - this.lastCharAt <= this.options.maxEnterGapMs;
      this.reset();
      return code.length >= this.options.minLength && quick ? { kind: 'scan', code } : { kind: 'key' };
    }
    if ([...key].length !== 1) {
      // Backspace, arrows, Tab...: a person is editing, whatever came before.
      this.reset();
      return { kind: 'key' };
    }
    const continues = this.burst !== '' && time - this.lastCharAt <= this.options.maxGapMs && time >= this.lastCharAt;
    this.burst = continues ? this.burst + key : key;
    this.lastCharAt = time;
    return { kind: 'char', startsBurst: !continues };
  }

  reset(): void {
    this.burst = '';
    this.lastCharAt = Number.NEGATIVE_INFINITY;
  }
}
