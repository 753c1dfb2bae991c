/**
 * Cart arithmetic shared by main (authoritative, at checkout.complete) and the cashier's screen
 * (the preview): the same function, so the till never shows one total and charges another.
 * Everything is integer minor units; nothing here rounds through floating point.
 */

export interface CartLineInput {
  productId: string;
  unitPriceMinor: number;
  quantity: number;
}

/** The store's loyalty rule (Settings). */
export interface LoyaltyRule {
  /** Points earned per whole currency unit paid (0: earning is off). */
  pointsPerUnit: number;
  /** What one point is worth when redeemed, in minor units (0: redeeming is off). */
  pointValueMinor: number;
}

export interface CartTotalsOptions {
  /** The attached customer's group discount, in basis points (1000 = 10 %); 0 without one. */
  groupDiscountBp: number;
  /** Minor units in one currency unit (100 for USD, 1 for JPY). */
  minorPerUnit: number;
  /** Only with a customer attached: the rule, their balance and the points they want to use. */
  loyalty?: { rule: LoyaltyRule; balance: number; redeemPoints: number } | undefined;
}

export interface CartLineTotals extends CartLineInput {
  subtotalMinor: number;
  discountMinor: number;
  /** This line's share of the points redeemed, so a refund of the line gives back what was paid for it. */
  redeemMinor: number;
  totalMinor: number;
}

export type RedeemError = 'not_enough_points' | 'exceeds_total' | 'redeem_disabled';

export interface CartTotals {
  lines: CartLineTotals[];
  subtotalMinor: number;
  discountMinor: number;
  redeemMinor: number;
  /** What the customer pays. */
  totalMinor: number;
  pointsRedeemed: number;
  pointsEarned: number;
  /** The most points this cart can take (balance, and no more than the total after discounts). */
  maxRedeemablePoints: number;
  /** Set when the points asked for could not all be used; pointsRedeemed is then what could. */
  redeemError: RedeemError | null;
}

/** Round half up of n * bp / 10000, in integers. */
function basisPoints(n: number, bp: number): number {
  return Math.floor((n * bp + 5000) / 10000);
}

export function computeCartTotals(lines: readonly CartLineInput[], options: CartTotalsOptions): CartTotals {
  const bp = Math.min(10000, Math.max(0, Math.trunc(options.groupDiscountBp)));
  const priced = lines.map((line) => {
    const subtotalMinor = line.unitPriceMinor * line.quantity;
    const discountMinor = basisPoints(subtotalMinor, bp);
    return { ...line, subtotalMinor, discountMinor, net: subtotalMinor - discountMinor };
  });
  const netTotal = priced.reduce((sum, l) => sum + l.net, 0);

  const loyalty = options.loyalty;
  let pointsRedeemed = 0;
  let maxRedeemablePoints = 0;
  let redeemError: RedeemError | null = null;
  if (loyalty) {
    const value = loyalty.rule.pointValueMinor;
    maxRedeemablePoints = value > 0 ? Math.max(0, Math.min(loyalty.balance, Math.floor(netTotal / value))) : 0;
    const wanted = Math.max(0, Math.trunc(loyalty.redeemPoints));
    if (wanted > 0) {
      if (value <= 0) redeemError = 'redeem_disabled';
      else if (wanted > loyalty.balance) redeemError = 'not_enough_points';
      else if (wanted * value > netTotal) redeemError = 'exceeds_total';
      pointsRedeemed = Math.min(wanted, maxRedeemablePoints);
    }
  }
  const redeemMinor = pointsRedeemed * (loyalty?.rule.pointValueMinor ?? 0);
  const shares = allocate(
    redeemMinor,
    priced.map((l) => l.net),
  );
  const out = priced.map(({ net, ...line }, i) => {
    const share = shares[i] ?? 0;
    return { ...line, redeemMinor: share, totalMinor: net - share };
  });
  const totalMinor = netTotal - redeemMinor;
  const rule = loyalty?.rule;
  const pointsEarned =
    rule && rule.pointsPerUnit > 0 && options.minorPerUnit > 0
      ? Math.floor((totalMinor * rule.pointsPerUnit) / options.minorPerUnit)
      : 0;
  return {
    lines: out,
    subtotalMinor: priced.reduce((sum, l) => sum + l.subtotalMinor, 0),
    discountMinor: priced.reduce((sum, l) => sum + l.discountMinor, 0),
    redeemMinor,
    totalMinor,
    pointsRedeemed,
    pointsEarned,
    maxRedeemablePoints,
    redeemError,
  };
}

/**
 * Split `amount` across `weights` in proportion, in whole units, summing exactly to `amount`
 * (largest remainder; ties to the earlier line). BigInt keeps big carts exact.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount === 0 || total === 0) return weights.map(() => 0);
  const a = BigInt(amount);
  const t = BigInt(total);
  const parts = weights.map((w, i) => ({ i, base: (a * BigInt(w)) / t, rest: (a * BigInt(w)) % t }));
  let left = a - parts.reduce((s, p) => s + p.base, 0n);
  const byRest = [...parts].sort((x, y) => (y.rest > x.rest ? 1 : y.rest < x.rest ? -1 : x.i - y.i));
  for (const p of byRest) {
    if (left <= 0n) break;
    p.base += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.base));
}

/**
 * The part of `whole` that belongs to `done` of `count` units, given `before` units already
 * taken: cumulative flooring, so taking all units in any number of steps sums to exactly `whole`.
 */
export function proportionalStep(whole: number, count: number, before: number, done: number): number {
  if (count <= 0) return 0;
  const upTo = (n: number) => Number((BigInt(whole) * BigInt(n)) / BigInt(count));
  return upTo(before + done) - upTo(before);
}

const minorUnits = new Map<string, number>();

/** Minor units in one unit of an ISO currency (USD 100, JPY 1, KWD 1000). */
export function minorPerUnit(currency: string): number {
  let value = minorUnits.get(currency);
  if (value === undefined) {
    try {
      const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      value = 10 ** digits;
    } catch {
      value = 100;
    }
    minorUnits.set(currency, value);
  }
  return value;
}
