import { join } from 'node:path';
import type { CustomerSearchResult } from '../../shared/contract';
import { DATABASE_FILE } from '../../main/app';
import { CustomerService } from '../../main/customers/customer-service';
import { ReadWorker } from '../../main/customers/read-worker';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeEach(() => {
  t = openTempApp();
  const actor = { userId: 'owner', deviceId: t.app.deviceId };
  t.app.customers.createMany(actor, [
    { input: { firstName: 'Ana', lastName: 'Arias', notes: 'Prefiere entrega a domicilio' } },
    { input: { firstName: 'Beto', lastName: 'Barrios', notes: 'Paga con tarjeta' } },
    { input: { firstName: 'Caro', lastName: 'Castro', notes: 'Entrega los lunes' } },
  ]);
});
afterEach(() => {
  vi.restoreAllMocks();
  t.close();
});

const CONTAINS = { conditions: [{ field: 'notes', op: 'contains' as const, value: 'entrega' }] };
const SLOW_SQL = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000) SELECT count(*) AS n FROM n';

describe('reads away from main', () => {
  it('a list under a "contains" condition is read by the worker and answers as main would', async () => {
    const worker = vi.spyOn(ReadWorker.prototype, 'all');
    for (const input of [
      { query: '', filters: CONTAINS, includeInactive: false, offset: 0, limit: 50 },
      { query: '', filters: CONTAINS, includeInactive: false, offset: 1, limit: 1, sort: 'name_desc' as const },
      {
        query: '',
        filters: { ...CONTAINS, hasPhone: false },
        includeInactive: true,
        offset: 0,
        limit: 50,
        sort: 'newest' as const,
      },
    ]) {
      const answer = await ok<CustomerSearchResult>(t.app, 'customers.search', input);
      expect(answer).toEqual(t.app.customers.search(input));
    }
    expect(worker).toHaveBeenCalled();
    const all = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: '', filters: CONTAINS });
    expect(all.items.map((c) => c.firstName).sort()).toEqual(['Ana', 'Caro']);
    expect(all.total).toBe(2);
  });

  it('a typed search or a filter an index serves stays on main', async () => {
    const worker = vi.spyOn(ReadWorker.prototype, 'all');
    await ok(t.app, 'customers.search', { query: 'ana', filters: CONTAINS });
    await ok(t.app, 'customers.search', { query: '', filters: { status: 'active', hasPhone: false } });
    expect(worker).not.toHaveBeenCalled();
  });

  it('main answers other calls while the worker is busy with a long read', async () => {
    const reader = new ReadWorker(join(t.dir, DATABASE_FILE));
    try {
      const order: string[] = [];
      const slow = reader.all<{ n: number }>(SLOW_SQL, []).then((rows) => order.push(`worker ${rows[0]?.n}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await ok(t.app, 'customers.search', { query: 'beto' }).then(() => order.push('main'));
      await slow;
      expect(order).toEqual(['main', 'worker 2000000']);
    } finally {
      reader.close();
    }
  });

  it('a bad statement is refused with its reason, and a closed worker refuses work instead of hanging', async () => {
    const reader = new ReadWorker(join(t.dir, DATABASE_FILE));
    await expect(reader.all('SELECT nope FROM customers', [])).rejects.toThrow(/no such column: nope/);
    expect(await reader.all<{ n: number }>('SELECT count(*) AS n FROM customers', [])).toEqual([{ n: 3 }]);
    const waiting = reader.all(SLOW_SQL, []);
    reader.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(reader.all('SELECT 1', [])).rejects.toThrow(/not running/);
    expect(reader.available).toBe(false);
  });

  it('a worker that cannot read leaves the list to main, which answers the same', async () => {
    vi.spyOn(ReadWorker.prototype, 'all').mockRejectedValue(new Error('file is not a database'));
    const all = await ok<CustomerSearchResult>(t.app, 'customers.search', { query: '', filters: CONTAINS });
    expect(all.items.map((c) => c.firstName).sort()).toEqual(['Ana', 'Caro']);
    expect(all.total).toBe(2);
  });

  it('a count taken while customers changed answers its own call but is not kept for the next', async () => {
    const sql = t.app.sql;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Reads at once, answers later: what a worker holding a snapshot does.
    const reader = {
      available: true,
      all: async <T>(statement: string, params: readonly unknown[]) => {
        const rows = sql.raw<T>(statement, ...params);
        await gate;
        return rows;
      },
    };
    const service = new CustomerService(sql, t.app.writes, t.app.settings, Math.random, Date.now, undefined, reader);
    const input = { query: '', filters: CONTAINS, includeInactive: false, offset: 0, limit: 50 };
    const before = service.searchWithoutBlocking(input);
    t.app.customers.createMany({ userId: 'owner', deviceId: t.app.deviceId }, [
      { input: { firstName: 'Dani', lastName: 'Díaz', notes: 'Entrega urgente' } },
    ]);
    service.customersChanged();
    release();
    expect((await before).total).toBe(2);
    expect((await service.searchWithoutBlocking(input)).total).toBe(3);
  });
});
