import type { App } from '../main/app';
import { mulberry32 } from '../main/demo/demo-store';
import type { GeneratedCustomer } from './generate';

type Measure = (inputs: string[], run: (input: string) => unknown, rounds?: number) => Promise<{ p50: number; p99: number }>;

/**
 * The filter builder's conditions through the real handler, counts not cached (as after a write):
 * a condition on an indexed column, one on a custom field (a JSON value: every row is read), and
 * a text "contains" (GLOB over every row). Each call is a page of 100 by surname and the count.
 */
export async function benchFilterConditions(app: App, sample: GeneratedCustomer[], n: number, measure: Measure) {
  const random = mulberry32(23);
  await app.call('customFields.save', { key: 'shoe_size', label: 'Talla', type: 'number' });
  await app.call('customFields.save', { key: 'level', label: 'Nivel', type: 'choice', options: ['Bronce', 'Plata', 'Oro'] });
  // Values straight into the column, as the generator loads customers: a benchmark store, not a history.
  app.sql.db.exec(`UPDATE customers SET custom_fields = json_object(
    'shoe_size', 30 + rowid % 20, 'level', CASE rowid % 3 WHEN 0 THEN 'Bronce' WHEN 1 THEN 'Plata' ELSE 'Oro' END)`);
  app.customers.customersChanged();

  const run = (conditions: unknown[]) => {
    app.customers.customersChanged();
    return app.call('customers.search', { query: '', filters: { conditions }, sort: 'name', limit: 100 });
  };
  const inputs = Array.from({ length: 60 }, (_, i) => String(i));
  const entries = [];

  const since = (i: number) => `2026-${String(1 + (i % 9)).padStart(2, '0')}-01`;
  const indexed = await measure(inputs, (i) => run([{ field: 'createdAt', op: 'after', value: since(Number(i)) }]));
  entries.push({
    name: 'filter-condition-indexed',
    n,
    p50_ms: indexed.p50,
    p99_ms: indexed.p99,
    note: '"Date added after <day>" (created_at index), a page of 100 by surname and the count, counts not cached',
  });

  const custom = await measure(inputs, (i) =>
    run([{ field: 'custom.shoe_size', op: Number(i) % 2 ? 'gt' : 'between', value: Number(i) % 2 ? 45 : [32, 34] }]),
  );
  entries.push({
    name: 'filter-condition-custom-field',
    n,
    p50_ms: custom.p50,
    p99_ms: custom.p99,
    note: 'custom number field > or between, read from the JSON column of every row; page of 100 and the count',
  });

  const fragments = sample.map((c) => c.lastName.slice(0, 3 + Math.floor(random() * 3)));
  const contains = await measure(fragments.slice(0, 60), (fragment) =>
    run([{ field: 'lastName', op: 'contains', value: fragment }]),
  );
  entries.push({
    name: 'filter-condition-text-contains',
    n,
    p50_ms: contains.p50,
    p99_ms: contains.p99,
    note: '"Last name contains <3-5 letters>", accents and case ignored (GLOB over every row); page of 100 and the count',
  });
  return entries;
}
