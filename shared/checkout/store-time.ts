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
 * an instant more than 14 hours from a UTC month boundary is in that UTC month locally too. Near a
 * boundary, the zone's offset 15 hours either side of it is read once per month: when it is the
 * same, the local month turns at one instant and a comparison places the order; when a clock
 * change falls that close to the turn (Newfoundland changed at 00:01 until 2011, so 1 November
 * began, ended and began again), each instant there is asked of the zone.
 */
export function monthKeyer(timeZone: string): (iso: string) => string {
  const turns = new Map<string, number | null>();
  const turnOf = (month: string): number | null => {
    let turn = turns.get(month);
    if (turn === undefined) {
      const utc = Date.parse(`${month}-01T00:00:00.000Z`);
      const before = zoneOffsetMs(utc - 15 * HOUR_MS, timeZone);
      turn = before === zoneOffsetMs(utc + 15 * HOUR_MS, timeZone) ? utc - before : null;
      turns.set(month, turn);
    }
    return turn;
  };
  return (iso) => {
    const month = iso.slice(0, 7);
    const day = Number(iso.slice(8, 10));
    if (day >= 2 && day <= 27) return month;
    const t = Date.parse(iso);
    const near = day === 1 ? month : shiftMonth(month, 1);
    const turn = turnOf(near);
    if (turn !== null) return t < turn ? shiftMonth(near, -1) : near;
    return new Date(t + zoneOffsetMs(t, timeZone)).toISOString().slice(0, 7);
  };
}

const HOUR_MS = 3_600_000;

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
