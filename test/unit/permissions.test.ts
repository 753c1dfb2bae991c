import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNEL_NAMES, type ChannelName, channels } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { Segment } from '../../shared/customers/segments';
import { can, canSignedOut, ROLES } from '../../shared/permissions';
import { type FixtureIds, seedBackupFixture, seedCheckoutFixture, validInputs } from '../helpers/valid-inputs';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let customer: Customer;
let other: Customer;
let segment: Segment;
let fixture: Awaited<ReturnType<typeof seedCheckoutFixture>>;
beforeEach(async () => {
  t = openTempApp();
  customer = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
  other = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Beatriz', phone: '6123-4567', allowDuplicate: true });
  segment = await ok<Segment>(t.app, 'segments.save', { name: 'Con teléfono', filters: { hasPhone: true } });
  fixture = await seedCheckoutFixture(t.app);
});
afterEach(() => t.close());

const validInput = (channel: ChannelName, backup: Partial<FixtureIds> = {}) =>
  validInputs({ customerId: customer.id, segmentId: segment.id, otherId: other.id, ...fixture, ...backup })[channel];

/** The one valid call refused for everyone: a store with users has had its first run. */
const REFUSED_FOR_ALL: Partial<Record<ChannelName, string>> = { 'auth.setup': 'CONFLICT' };

/** Whoever calls: each role signed in, read-only included, and nobody (signed out, or locked). */
const CALLERS = [...ROLES, 'signedOut', 'locked'] as const;

async function connectionOf(caller: (typeof CALLERS)[number]): Promise<string> {
  if (caller === 'signedOut') return 'test:nobody';
  if (caller === 'locked') {
    const connection = await t.as('manager');
    await ok(t.app, 'auth.lock', {}, connection);
    return connection;
  }
  return t.as(caller);
}

describe('every channel, for every role, read-only, signed out and locked', () => {
  for (const caller of CALLERS) {
    it.each(CHANNEL_NAMES)(`${caller}: %s works when allowed; otherwise refused, changing nothing`, async (channel) => {
      const backup = channel.startsWith('backups.') ? await seedBackupFixture(t.app) : {};
      const connection = await connectionOf(caller);
      const before = t.counts();
      const data = t.fingerprint();
      const result = await t.app.call(channel, validInput(channel, backup), connection);
      const permission = channels[channel].permission;
      const signedIn = caller !== 'signedOut' && caller !== 'locked';
      if (canSignedOut(permission) || (signedIn && can(caller, permission))) {
        const refusal = REFUSED_FOR_ALL[channel];
        if (refusal) expect(result).toMatchObject({ ok: false, error: { code: refusal } });
        else expect(result).toMatchObject({ ok: true });
      } else {
        expect(result).toMatchObject({ ok: false, error: { code: signedIn ? 'FORBIDDEN' : 'UNAUTHENTICATED' } });
        expect(t.counts()).toEqual(before);
        expect(t.fingerprint()).toBe(data);
      }
    });
  }

  it('writes name the signed-in user who made them', async () => {
    const cashier = await t.as('cashier');
    await t.app.call('customers.update', { id: customer.id, patch: { phone: '6555-1212' } }, cashier);
    expect(t.app.sql.raw<{ user_id: string }>('SELECT user_id FROM audit_log ORDER BY rowid DESC LIMIT 1')).toEqual([
      { user_id: t.userOf(cashier) },
    ]);
  });

  it('docs/permissions.md says exactly what the code enforces', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/permissions.md', import.meta.url)), 'utf8');
    const rows = doc.split('\n').filter((line) => /^\| [a-z][a-zA-Z]*(\.[a-zA-Z]+)+ /.test(line));
    const documented = Object.fromEntries(
      rows.map((line) => {
        const cells = line.split('|').map((c) => c.trim());
        return [
          cells[1],
          { permission: cells[2], roles: ROLES.filter((_, i) => cells[3 + i] === '✓'), signedOut: cells[7] === '✓' },
        ];
      }),
    );
    const actual = Object.fromEntries(
      CHANNEL_NAMES.map((name) => [
        name,
        {
          permission: channels[name].permission,
          roles: ROLES.filter((r) => can(r, channels[name].permission)),
          signedOut: canSignedOut(channels[name].permission),
        },
      ]),
    );
    expect(documented).toEqual(actual);
  });
});
