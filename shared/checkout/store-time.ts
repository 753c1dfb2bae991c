/** Calendar arithmetic in the store's time zone, for period filters and monthly series. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant t, in ms (Panama: -5 h). */
export function zoneOffsetMs(t: number, timeZone: string): number {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(t))
      .map((x) => [x.type, Number(x.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The calendar date "YYYY-MM-DD" of an instant in the zone. */
export function storeDate(t: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(t));
}

/** The first instant (UTC ms) of a local calendar day "YYYY-MM-DD" in the zone. */
export function localDayStart(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Across a DST change the offset at the answer can differ from the guess's: settle on it.
  return guess - zoneOffsetMs(first, timeZone);
}

/**
 * "YYYY-MM" of an instant (a UTC ISO string) in the zone. Every zone is within UTC-12..UTC+14, so
 * an instant more than 14 hours from a UTC month boundary is in that UTC month locally too; one
 * nearer is compared with the local starts of its UTC month and the next, each computed once per
 * keyer, so a long history costs two zone look-ups per month, not one per order.
 */
export function monthKeyer(timeZone: string): (iso: string) => string {
  const starts = new Map<string, number>();
  const startOf = (month: string): number => {
    let start = starts.get(month);
    if (start === undefined) {
      start = localDayStart(`${month}-01`, timeZone);
      starts.set(month, start);
    }
    return start;
  };
  return (iso) => {
    const month = iso.slice(0, 7);
    const day = Number(iso.slice(8, 10));
    if (day >= 2 && day <= 27) return month;
    const t = Date.parse(iso);
    if (t < startOf(month)) return shiftMonth(month, -1);
    const next = shiftMonth(month, 1);
    return t < startOf(next) ? month : next;
  };
}

function shiftMonth(month: string, by: 1 | -1): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `first` to `last` inclusive, as "YYYY-MM". */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
