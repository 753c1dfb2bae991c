/**
 * The child of the crash-safety test: writes through the real app and handlers forever (sales,
 * customer edits, consent changes) and prints one line per write only after the call returned,
 * i.e. after the app acknowledged it. The parent kills it with SIGKILL at random moments.
 *
 *   node crash-writer.cjs <dataDir> <runTag> <seed> [unsafe]
 *
 * "unsafe" is the harness's own proof that it can fail: it holds an outer transaction open and
 * commits only every few writes, so writes are acknowledged before they are durable.
 */
import { openApp } from '../../main/app';
import { mulberry32 } from '../../main/demo/demo-store';
import type { ConsentEvent } from '../../shared/customers/consent';
import type { Customer } from '../../shared/customers/customer';
import { signInAsAdmin } from '../helpers/temp-app';

const [dataDir, runTag, seedText, mode] = process.argv.slice(2);
if (!dataDir || !runTag) throw new Error('usage: crash-writer <dataDir> <runTag> <seed> [unsafe]');
const random = mulberry32(Number(seedText) || 1);
const app = openApp({ dataDir, transport: 'web', random, dispatch: { log: () => {} } });
const db = app.sql.db;

const productIds = db.prepare('SELECT id FROM products ORDER BY id').pluck().all() as string[];
const customerIds = db.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as string[];
if (productIds.length === 0 || customerIds.length === 0) throw new Error('seed the store first');

// Pipes to the parent are synchronous on POSIX: once write() returns the line is the parent's.
const say = (line: string) => process.stdout.write(`${line}\n`);

async function call<T>(channel: string, input: unknown): Promise<T> {
  const result = await app.call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

async function main(): Promise<void> {
  const unsafe = mode === 'unsafe';
  // As the cashier at the till would: through the sign-in channel, as the store's test admin.
  await signInAsAdmin(app);
  if (unsafe) db.exec('BEGIN IMMEDIATE');
  say('ready');
  for (let i = 0; ; i++) {
    const kind = random();
    if (kind < 0.4) {
      const lines = [{ productId: pick(productIds), quantity: 1 + Math.floor(random() * 3) }];
      if (random() < 0.5) lines.push({ productId: pick(productIds), quantity: 1 });
      const order = await call<{ id: string }>('checkout.complete', {
        lines,
        customerId: random() < 0.7 ? pick(customerIds) : null,
        paymentMethod: 'cash',
      });
      say(`sale ${order.id}`);
    } else if (kind < 0.75) {
      const id = pick(customerIds);
      const token = `${runTag}-${i}`;
      await call<Customer>('customers.update', { id, patch: { notes: `nota ${token}` } });
      say(`edit ${id} ${token}`);
    } else {
      const id = pick(customerIds);
      const channel = random() < 0.5 ? 'sms' : 'email';
      const current = await call<Customer>('customers.get', { id });
      const granted = !(channel === 'sms' ? current.smsConsent : current.emailConsent);
      const before = new Set((await call<ConsentEvent[]>('customers.consentLog', { id })).map((e) => e.id));
      await call<Customer>('customers.setConsent', { id, channel, granted, source: 'in_store' });
      const added = (await call<ConsentEvent[]>('customers.consentLog', { id })).find((e) => !before.has(e.id));
      if (!added) throw new Error('setConsent returned but logged no event');
      say(`consent ${id} ${added.id}`);
    }
    if (unsafe && i % 8 === 7) {
      db.exec('COMMIT');
      db.exec('BEGIN IMMEDIATE');
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
