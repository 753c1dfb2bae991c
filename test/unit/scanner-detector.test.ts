import fc from 'fast-check';
import { ScannerDetector, type ScanVerdict } from '../../renderer/checkout/scanner-detector';

type Key = { key: string; at: number };

/** Keys of `text` typed from `start`, the gap before each key taken from `gaps` (cycled). */
function typed(text: string, start: number, gaps: readonly number[]): Key[] {
  let at = start;
  return [...text].map((key, i) => {
    if (i > 0) at += gaps[(i - 1) % gaps.length] ?? 0;
    return { key, at };
  });
}

function then(keys: Key[], key: string, gap: number): Key[] {
  const last = keys.at(-1)?.at ?? 0;
  return [...keys, { key, at: last + gap }];
}

function run(keys: Key[], detector = new ScannerDetector()): ScanVerdict[] {
  return keys.map(({ key, at }) => detector.feed(key, at));
}

const scans = (verdicts: ScanVerdict[]) => verdicts.flatMap((v) => (v.kind === 'scan' ? [v.code] : []));

describe('scanner detector', () => {
  it('recognises an EAN-13 typed by a scanner at 1-20 ms per key and ended by Enter', () => {
    const keys = then(typed('7451234567895', 1000, [4, 1, 12, 20, 3, 7, 2, 15, 9, 1, 6, 18]), 'Enter', 5);
    expect(scans(run(keys))).toEqual(['7451234567895']);
  });

  it('never takes hand typing (80-300 ms per key) followed by Enter for a scan, however long the text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 ') }),
        fc.array(fc.integer({ min: 80, max: 300 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 80, max: 600 }),
        (text, gaps, enterGap) => scans(run(then(typed(text, 500, gaps), 'Enter', enterGap))).length === 0,
      ),
    );
  });

  it('never takes a fast typist for a scanner: rollover makes pairs of quick keys, not a run of six', () => {
    // A 120 wpm typist: 50-110 ms per key, with rolled-over pairs 8-25 ms apart.
    const gaps = [60, 12, 95, 50, 8, 92, 110, 70, 15, 95, 80, 25, 100, 65, 100, 58];
    const keys = then(typed('maria gonzalez 61234567', 0, gaps), 'Enter', 40);
    expect(scans(run(keys))).toEqual([]);
  });

  it('never takes a fast typist for a scanner, whatever the rhythm (property)', () => {
    // Each gap is a normal keystroke (50-140 ms) or a rollover (8-25 ms) that the next key pays back (90-160 ms).
    const stroke = fc.oneof(
      fc.integer({ min: 50, max: 140 }).map((g) => [g]),
      fc.tuple(fc.integer({ min: 8, max: 25 }), fc.integer({ min: 90, max: 160 })).map(([a, b]) => [a, b]),
    );
    fc.assert(
      fc.property(fc.array(stroke, { minLength: 5, maxLength: 30 }), fc.integer({ min: 20, max: 400 }), (strokes, enterGap) => {
        const gaps = strokes.flat();
        const text = 'x'.repeat(gaps.length + 1);
        return scans(run(then(typed(text, 0, gaps), 'Enter', enterGap))).length === 0;
      }),
    );
  });

  it('still hears a scanner whose keys reach a busy page unevenly (a recorded trace, 10-65 ms apart)', () => {
    const times = [3000.1, 3016.1, 3032.6, 3046.8, 3057.8, 3075.7, 3099.6, 3114.6, 3125.7, 3135.7, 3187.4, 3214.8, 3279.6];
    const keys = [...'2912345678906'].map((key, i) => ({ key, at: times[i] ?? 0 }));
    expect(scans(run([...keys, { key: 'Enter', at: 3369.7 }]))).toEqual(['2912345678906']);
  });

  it('finds a scanned code for any printable code of 6+ characters at any scanner speed (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 30, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.$/+%') }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 20 }),
        (code, gaps, enterGap) => {
          const found = scans(run(then(typed(code, 10_000, gaps), 'Enter', enterGap)));
          return found.length === 1 && found[0] === code;
        },
      ),
    );
  });

  it('pulls a scan out of the middle of typing: the human keys before and after are not part of the code', () => {
    const before = typed('Jua', 0, [140, 190]); // last key at 330
    const scan = typed('2000000012346', 330 + 250, [3]);
    const enter = then(scan, 'Enter', 4).slice(-1);
    const after = typed('n', (enter[0]?.at ?? 0) + 400, [0]);
    const verdicts = run([...before, ...scan, ...enter, ...after]);
    expect(scans(verdicts)).toEqual(['2000000012346']);
    // The field must be remembered as it was when the scan began: its first key starts a burst.
    expect(verdicts[3]).toEqual({ kind: 'char', startsBurst: true });
    expect(verdicts.slice(4, 16).every((v) => v.kind === 'char' && !v.startsBurst)).toBe(true);
    expect(verdicts.at(-1)).toEqual({ kind: 'char', startsBurst: true });
  });

  it('leaves short or slow bursts alone: five quick characters and Enter is typing, not a scan', () => {
    expect(scans(run(then(typed('12345', 0, [5]), 'Enter', 5)))).toEqual([]);
    // Six keys averaging 40 ms apart: quicker than any person, slower than any scanner.
    expect(scans(run(then(typed('123456', 0, [40]), 'Enter', 5)))).toEqual([]);
  });

  it('splits a burst at a long pause and judges only what came after it', () => {
    // A scanner that stalls 150 ms after 8 digits: the tail of 5 is too short to be a scan.
    const head = typed('74512345', 0, [5]);
    const tail = typed('67895', (head.at(-1)?.at ?? 0) + 150, [5]);
    expect(scans(run(then([...head, ...tail], 'Enter', 5)))).toEqual([]);
    // With 6 or more after the pause, what follows the pause is a burst of its own.
    const longTail = typed('678950', (head.at(-1)?.at ?? 0) + 150, [5]);
    expect(scans(run(then([...head, ...longTail], 'Enter', 5)))).toEqual(['678950']);
  });

  it('needs the Enter: a burst that ends without one, or with one long after, is not a scan', () => {
    const keys = typed('7451234567895', 0, [5]);
    expect(scans(run(keys))).toEqual([]);
    expect(scans(run(then(keys, 'Enter', 400)))).toEqual([]);
  });

  it('keeps a burst through the Shift a scanner sends for capitals, and drops it at Backspace or Tab', () => {
    const withShift: Key[] = [];
    let at = 0;
    for (const ch of 'AB12CD34') {
      if (/[A-Z]/.test(ch)) {
        at += 2;
        withShift.push({ key: 'Shift', at });
      }
      at += 3;
      withShift.push({ key: ch, at });
    }
    expect(scans(run(then(withShift, 'Enter', 3)))).toEqual(['AB12CD34']);

    const edited = [...typed('123456', 0, [5]), { key: 'Backspace', at: 30 }, ...typed('7', 35, [5])];
    expect(scans(run(then(edited, 'Enter', 5)))).toEqual([]);
  });

  it('recognises two scans in a row and starts clean after each', () => {
    const first = then(typed('2000000012346', 0, [4]), 'Enter', 4);
    const second = then(typed('CLI0000123', (first.at(-1)?.at ?? 0) + 700, [6]), 'Enter', 6);
    const verdicts = run([...first, ...second]);
    expect(scans(verdicts)).toEqual(['2000000012346', 'CLI0000123']);
    expect(verdicts[first.length]).toEqual({ kind: 'char', startsBurst: true });
  });

  it('does not join keys across a clock that went backwards', () => {
    const keys = [...typed('123', 1000, [5]), ...typed('4567', 500, [5])];
    expect(scans(run(then(keys, 'Enter', 5)))).toEqual([]);
  });
});
