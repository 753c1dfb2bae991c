import fc from 'fast-check';
import { localDayStart, monthKeyer, monthsBetween } from '../../shared/checkout/store-time';

const ZONES = [
  'America/Panama',
  'Asia/Tokyo',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Europe/Madrid',
  'America/Santiago',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
];

describe('store time', () => {
  it.each(ZONES)('the month of any instant in %s is the month Intl shows there', (timeZone) => {
    const monthOf = monthKeyer(timeZone);
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') }), (t) => {
        const iso = new Date(t).toISOString();
        expect(monthOf(iso)).toBe(intl.format(new Date(t)).slice(0, 7));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(ZONES)('instants within 15 hours of a month boundary get the month Intl shows in %s, one keyer for all', (timeZone) => {
    const monthOf = monthKeyer(timeZone);
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    const HOUR = 3_600_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 2000 * 12, max: 2040 * 12 }),
        fc.integer({ min: -15 * HOUR, max: 15 * HOUR }),
        (month, offset) => {
          const t = Date.UTC(Math.floor(month / 12), month % 12, 1) + offset;
          expect(monthOf(new Date(t).toISOString())).toBe(intl.format(new Date(t)).slice(0, 7));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a clock change right at the turn of a month (Newfoundland, 00:01 until 2011) puts each instant where the zone does', () => {
    const monthOf = monthKeyer('America/St_Johns');
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/St_Johns', year: 'numeric', month: '2-digit' });
    // 00:00 NDT on 1 November, then at 00:01 the clocks went back to 23:01 NST on 31 October.
    expect(intl.format(new Date('2009-11-01T02:30:00Z')).slice(0, 7)).toBe('2009-11');
    expect(intl.format(new Date('2009-11-01T02:31:00Z')).slice(0, 7)).toBe('2009-10');
    for (const iso of [
      '2009-11-01T02:29:59.000Z',
      '2009-11-01T02:30:00.000Z',
      '2009-11-01T02:31:00.000Z',
      '2009-11-01T03:31:00.000Z',
    ]) {
      expect(monthOf(iso), iso).toBe(intl.format(new Date(iso)).slice(0, 7));
    }
  });

  it('a local day starts at the zone midnight, across daylight saving too', () => {
    expect(new Date(localDayStart('2026-01-15', 'America/Panama')).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(new Date(localDayStart('2026-03-29', 'Europe/Madrid')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(localDayStart('2026-03-30', 'Europe/Madrid')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('lists the months between two, across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
