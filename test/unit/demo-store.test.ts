import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthStatus, UserTile } from '../../shared/auth';
import type { CustomerInsights, Purchases } from '../../shared/checkout/order';
import { openApp } from '../../main/app';
import { seedDemoStore } from '../../main/demo/demo-store';
import { ok, openTempApp, TEST_PIN_COST, TEST_START } from '../helpers/temp-app';

describe('the demo store', () => {
  it('gives some customers a realistic purchase history through the real checkout', async () => {
    const t = openTempApp();
    await t.ready;
    try {
      await seedDemoStore(t.app, { customers: 400, now: TEST_START });
      const [stats] = t.app.sql.raw<{ sales: number; refunds: number; buyers: number; last: string }>(
        `SELECT sum(kind = 'sale') AS sales, sum(kind = 'refund') AS refunds, count(DISTINCT customer_id) AS buyers,
           max(created_at) AS last FROM orders`,
      );
      expect(stats?.buyers).toBe(200);
      expect(stats?.sales).toBeGreaterThan(1000);
      expect(stats?.refunds).toBeGreaterThan(0);
      expect(Date.parse(stats?.last ?? '')).toBeLessThanOrEqual(TEST_START);
      // Every sale is audited and waits in the outbox like one made at the till.
      const [audited] = t.app.sql.raw<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE entity = 'orders'");
      expect(audited?.n).toBe((stats?.sales ?? 0) + (stats?.refunds ?? 0));
      const [top] = t.app.sql.raw<{ id: string }>(
        "SELECT customer_id AS id FROM orders WHERE kind = 'sale' GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1",
      );
      const insights = await ok<CustomerInsights>(t.app, 'customers.insights', { id: top?.id });
      expect(insights.orderCount).toBeGreaterThan(10);
      expect(insights.monthly.length).toBeGreaterThan(6);
      expect(insights.loyaltyBalance).toBeGreaterThan(0);
      const history = await ok<Purchases>(t.app, 'customers.purchases', { customerId: top?.id });
      expect(history.total).toBeGreaterThanOrEqual(insights.orderCount);
    } finally {
      t.close();
    }
  });

  it('has the demo users with the PINs the README and its sign-in screen give, and says it is the demo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientela-demo-'));
    const app = openApp({ dataDir: dir, transport: 'web', pinCost: TEST_PIN_COST, dispatch: { log: () => {} } });
    try {
      await seedDemoStore(app, { customers: 20, now: TEST_START });
      expect(await ok<AuthStatus>(app, 'auth.status', {})).toMatchObject({ state: 'signedOut', demo: true });
      const tiles = await ok<UserTile[]>(app, 'auth.users', {});
      expect(tiles.map((u) => [u.name, u.role, u.readOnly])).toEqual([
        ['Ana', 'admin', false],
        ['Marco', 'manager', false],
        ['Carla', 'cashier', false],
        ['Diego', 'cashier', true],
      ]);
      const carla = tiles.find((u) => u.name === 'Carla');
      expect(await ok<AuthStatus>(app, 'auth.signIn', { userId: carla?.id, pin: '8080' })).toMatchObject({ state: 'signedIn' });
      // The demo's records name Ana, its admin, as the one who made them.
      const ana = tiles.find((u) => u.name === 'Ana')?.id;
      expect(app.sql.raw('SELECT DISTINCT created_by FROM customers')).toEqual([{ created_by: ana }]);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
