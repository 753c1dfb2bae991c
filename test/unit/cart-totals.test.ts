import fc from 'fast-check';
import { allocate, computeCartTotals, minorPerUnit, proportionalStep } from '../../shared/checkout/cart-totals';

const rule = { pointsPerUnit: 1, pointValueMinor: 1 };
const line = (unitPriceMinor: number, quantity: number, productId = `p${unitPriceMinor}`) => ({
  productId,
  unitPriceMinor,
  quantity,
});

describe('computeCartTotals', () => {
  it('sums lines with no customer: no discount, no points', () => {
    const totals = computeCartTotals([line(450, 2), line(275, 1)], { groupDiscountBp: 0, minorPerUnit: 100 });
    expect(totals).toMatchObject({ subtotalMinor: 1175, discountMinor: 0, redeemMinor: 0, totalMinor: 1175, pointsEarned: 0 });
  });

  it('takes the group discount per line, half up, and earns points on what is paid', () => {
    const totals = computeCartTotals([line(450, 1), line(275, 1)], {
      groupDiscountBp: 1000,
      minorPerUnit: 100,
      loyalty: { rule, balance: 0, redeemPoints: 0 },
    });
    expect(totals.lines.map((l) => l.discountMinor)).toEqual([45, 28]);
    expect(totals).toMatchObject({ discountMinor: 73, totalMinor: 652, pointsEarned: 6 });
  });

  it('spreads redeemed points across lines so each line knows what was paid for it', () => {
    const totals = computeCartTotals([line(100, 1), line(200, 1)], {
      groupDiscountBp: 0,
      minorPerUnit: 100,
      loyalty: { rule: { pointsPerUnit: 1, pointValueMinor: 10 }, balance: 50, redeemPoints: 10 },
    });
    expect(totals.lines.map((l) => [l.redeemMinor, l.totalMinor])).toEqual([
      [33, 67],
      [67, 133],
    ]);
    expect(totals).toMatchObject({ redeemMinor: 100, totalMinor: 200, pointsRedeemed: 10, pointsEarned: 2, redeemError: null });
  });

  it('says why points cannot be used, and how many could', () => {
    const base = { groupDiscountBp: 0, minorPerUnit: 100 };
    expect(computeCartTotals([line(500, 1)], { ...base, loyalty: { rule, balance: 10, redeemPoints: 11 } })).toMatchObject({
      redeemError: 'not_enough_points',
      pointsRedeemed: 10,
      maxRedeemablePoints: 10,
    });
    expect(computeCartTotals([line(5, 1)], { ...base, loyalty: { rule, balance: 10, redeemPoints: 6 } })).toMatchObject({
      redeemError: 'exceeds_total',
      maxRedeemablePoints: 5,
    });
    expect(
      computeCartTotals([line(5, 1)], {
        ...base,
        loyalty: { rule: { pointsPerUnit: 1, pointValueMinor: 0 }, balance: 10, redeemPoints: 1 },
      }),
    ).toMatchObject({ redeemError: 'redeem_disabled', pointsRedeemed: 0 });
  });

  it('a currency without cents earns per whole unit', () => {
    expect(minorPerUnit('JPY')).toBe(1);
    expect(minorPerUnit('USD')).toBe(100);
    const totals = computeCartTotals([line(1500, 1)], {
      groupDiscountBp: 0,
      minorPerUnit: 1,
      loyalty: { rule, balance: 0, redeemPoints: 0 },
    });
    expect(totals.pointsEarned).toBe(1500);
  });

  it('for any cart, lines add up to the totals and nothing is negative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 9999 })), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (lines, bp, balance, redeemPoints, value) => {
          const totals = computeCartTotals(
            lines.map(([price, qty], i) => line(price, qty, `p${i}`)),
            {
              groupDiscountBp: bp,
              minorPerUnit: 100,
              loyalty: { rule: { pointsPerUnit: 1, pointValueMinor: value }, balance, redeemPoints },
            },
          );
          const sum = (k: 'subtotalMinor' | 'discountMinor' | 'redeemMinor' | 'totalMinor') =>
            totals.lines.reduce((s, l) => s + l[k], 0);
          expect(sum('subtotalMinor')).toBe(totals.subtotalMinor);
          expect(sum('discountMinor')).toBe(totals.discountMinor);
          expect(sum('redeemMinor')).toBe(totals.redeemMinor);
          expect(sum('totalMinor')).toBe(totals.totalMinor);
          expect(totals.subtotalMinor - totals.discountMinor - totals.redeemMinor).toBe(totals.totalMinor);
          for (const l of totals.lines) expect(l.totalMinor).toBeGreaterThanOrEqual(0);
          expect(totals.pointsRedeemed).toBeLessThanOrEqual(balance);
        },
      ),
    );
  });
});

describe('allocate and proportionalStep', () => {
  it('allocate always sums to the amount, in proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 20 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
          const total = weights.reduce((s, w) => s + w, 0);
          for (const [i, p] of parts.entries()) {
            expect(Math.abs(p - (amount * (weights[i] as number)) / total)).toBeLessThan(1.0001);
          }
        },
      ),
    );
  });

  it('refunding the units of a line in any steps gives back exactly the line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 10 }),
        (whole, steps) => {
          const count = steps.reduce((s, n) => s + n, 0);
          let before = 0;
          let paid = 0;
          for (const n of steps) {
            paid += proportionalStep(whole, count, before, n);
            before += n;
          }
          expect(paid).toBe(whole);
        },
      ),
    );
  });
});
