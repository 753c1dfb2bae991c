import { newId } from '../shared/ids';
import type { App } from '../main/app';
import { mulberry32 } from '../main/demo/demo-store';
import type { GeneratedCustomer } from './generate';

type Measure = (inputs: string[], run: (input: string) => unknown, rounds?: number) => Promise<{ p50: number; p99: number }>;

const PRODUCTS = 500;
const HISTORY_ORDERS = 2000;

/**
 * The counter's hot paths through the real handlers (dispatch, validation, WAL with
 * synchronous=FULL): a scanned membership card, a 20-line sale with a customer, and the insights
 * of a customer with 2,000 orders.
 */
export async function benchCheckout(app: App, sample: GeneratedCustomer[], n: number, measure: Measure) {
  const random = mulberry32(11);
  const actor = { userId: 'bench', deviceId: app.deviceId };
  const productIds = app.writes.write(actor, (tx) =>
    Array.from({ length: PRODUCTS }, (_, i) => {
      const id = newId();
      tx.insert('products', {
        id,
        sku: `B-${i}`,
        barcode: `745${String(i).padStart(10, '0')}`,
        name: `Producto ${i}`,
        price_minor: 50 + Math.floor(random() * 5000),
        currency: app.settings.get().currency,
        active: 1,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
      return id;
    }),
  );
  const entries = [];

  const codes = sample.map((c) => c.membershipCode);
  const scan = await measure(codes, (code) => app.call('checkout.scan', { code }), 3);
  entries.push({ name: 'scan-to-customer', n, p50_ms: scan.p50, p99_ms: scan.p99, note: 'checkout.scan through dispatch' });

  const pick = () => productIds[Math.floor(random() * productIds.length)] as string;
  // Inactive customers cannot buy: the sales go to active ones.
  const active = app.sql
    .raw<{ id: string }>(
      "SELECT c.id FROM json_each(?) j JOIN customers c ON c.id = j.value WHERE c.status = 'active'",
      JSON.stringify(sample.map((c) => c.id)),
    )
    .map((r) => r.id);
  const sales = active.slice(0, 300);
  const sale = await measure(sales, async (customerId) => {
    const result = await app.call('checkout.complete', {
      customerId,
      paymentMethod: 'card',
      lines: Array.from({ length: 20 }, () => ({ productId: pick(), quantity: 1 + Math.floor(random() * 3) })),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  });
  entries.push({
    name: 'complete-20-line-sale-with-customer',
    n,
    p50_ms: sale.p50,
    p99_ms: sale.p99,
    note: 'checkout.complete: catalogue prices, group discount, points, audit + outbox, synchronous=FULL',
  });

  const regular = { id: active[active.length - 1] as string };
  const start = Date.parse('2021-01-01T15:00:00Z');
  for (let done = 0; done < HISTORY_ORDERS; done += 200) {
    app.checkout.recordHistory(
      actor,
      Array.from({ length: 200 }, (_, i) => ({
        customerId: regular.id,
        paymentMethod: 'cash' as const,
        redeemPoints: 0,
        at: new Date(start + (done + i) * 20 * 3_600_000).toISOString(),
        refund: random() < 0.03,
        lines: Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({ productId: pick(), quantity: 1 })),
      })),
    );
  }
  // 500 calls, so p99 is the 5th slowest rather than the single slowest of 100.
  const insights = await measure(
    Array.from({ length: 500 }, () => regular.id),
    async (id) => {
      const result = await app.call('customers.insights', { id });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    },
  );
  entries.push({
    name: 'insights-customer-2000-orders',
    n,
    p50_ms: insights.p50,
    p99_ms: insights.p99,
    note: 'customers.insights, computed from the orders on every call (covering indexes, migration 12)',
  });
  return entries;
}
