import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNEL_NAMES, type ChannelName, channels } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { Segment } from '../../shared/customers/segments';
import { can, ROLES } from '../../shared/permissions';
import { type FixtureIds, seedBackupFixture, seedCheckoutFixture, validInputs } from '../helpers/valid-inputs';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
let customer: Customer;
let other: Customer;
let segment: Segment;
let fixture: { productId: string; orderId: string; orderNumber: string; jobId: string; csvUploadId: string };
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

describe('every channel, for every role', () => {
  for (const role of ROLES) {
    it.each(CHANNEL_NAMES)(`${role}: %s works when allowed and is FORBIDDEN, changing nothing, when not`, async (channel) => {
      const backup = channel.startsWith('backups.') ? await seedBackupFixture(t.app) : {};
      const before = t.counts();
      const result = await t.app.call(channel, validInput(channel, backup), { userId: `user-${role}`, role });
      if (can(role, channels[channel].permission)) {
        expect(result.ok).toBe(true);
      } else {
        expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(t.counts()).toEqual(before);
      }
    });
  }

  it('writes name the user who made them', async () => {
    await t.app.call('customers.update', { id: customer.id, patch: { lastName: 'Ríos' } }, { userId: 'caja-2', role: 'cashier' });
    expect(t.app.sql.raw<{ user_id: string }>('SELECT user_id FROM audit_log ORDER BY rowid DESC LIMIT 1')).toEqual([
      { user_id: 'caja-2' },
    ]);
  });

  it('docs/permissions.md says exactly what the code enforces', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/permissions.md', import.meta.url)), 'utf8');
    const rows = doc.split('\n').filter((line) => /^\| [a-z][a-zA-Z]*\.[a-zA-Z]+ /.test(line));
    const documented = Object.fromEntries(
      rows.map((line) => {
        const cells = line.split('|').map((c) => c.trim());
        return [cells[1], { permission: cells[2], roles: ROLES.filter((_, i) => cells[3 + i] === '✓') }];
      }),
    );
    const actual = Object.fromEntries(
      CHANNEL_NAMES.map((name) => [
        name,
        { permission: channels[name].permission, roles: ROLES.filter((r) => can(r, channels[name].permission)) },
      ]),
    );
    expect(documented).toEqual(actual);
  });
});
