/**
 * Tells a keyboard-wedge scanner from a person typing, from key names and event times alone.
 *
 * A scanner types its code as one burst (1-20 ms between keys) and ends with Enter; a person
 * types 80-300 ms per key, and even a fast typist's key rollover makes only a few quick keys in a
 * row, never a run of six averaging under 35 ms. So: keys less than `maxGapMs` apart form a
 * burst; a burst of at least `minLength` characters whose average gap is at most `maxMeanGapMs`,
 * followed by Enter within `maxEnterGapMs`, is a scan. The average (not every gap) is what
 * decides, because a busy page receives a scanner's keys unevenly (10-65 ms apart). A longer
 * pause starts a new burst. Pure: no DOM, so it is tested with recorded timing traces.
 */
export interface ScannerOptions {
  /** Fewest characters a scan carries (shorter bursts are typing). */
  minLength: number;
  /** Longest gap between two characters of one burst (longer: a new burst starts). */
  maxGapMs: number;
  /** Longest average gap between the characters of a scan. */
  maxMeanGapMs: number;
  /** Longest gap between the last character and the Enter that ends a scan. */
  maxEnterGapMs: number;
}

export const DEFAULT_SCANNER_OPTIONS: ScannerOptions = { minLength: 6, maxGapMs: 75, maxMeanGapMs: 35, maxEnterGapMs: 250 };

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
  private firstCharAt = 0;
  private lastCharAt = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<ScannerOptions> = {}) {
    this.options = { ...DEFAULT_SCANNER_OPTIONS, ...options };
  }

  /** Feed one keydown: its `key` name and its time in ms (event.timeStamp). */
  feed(key: string, time: number): ScanVerdict {
    if (NEUTRAL_KEYS.has(key)) return { kind: 'key' };
    if (key === 'Enter') {
      const code = this.burst;
      const length = [...code].length;
      const meanGap = length > 1 ? (this.lastCharAt - this.firstCharAt) / (length - 1) : Number.POSITIVE_INFINITY;
      const scanned =
        length >= this.options.minLength &&
        meanGap <= this.options.maxMeanGapMs &&
        time - this.lastCharAt <= this.options.maxEnterGapMs;
      this.reset();
      return scanned ? { kind: 'scan', code } : { kind: 'key' };
    }
    if ([...key].length !== 1) {
      // Backspace, arrows, Tab...: a person is editing, whatever came before.
      this.reset();
      return { kind: 'key' };
    }
    const continues = this.burst !== '' && time - this.lastCharAt <= this.options.maxGapMs && time >= this.lastCharAt;
    this.burst = continues ? this.burst + key : key;
    if (!continues) this.firstCharAt = time;
    this.lastCharAt = time;
    return { kind: 'char', startsBurst: !continues };
  }

  reset(): void {
    this.burst = '';
    this.lastCharAt = Number.NEGATIVE_INFINITY;
  }
}
