import fc from 'fast-check';
import { z } from 'zod';
import { CHANNEL_NAMES, type ChannelName, channels } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { Segment } from '../../shared/customers/segments';
import { ERROR_CODES } from '../../shared/errors';
import { startWebHost, WEB_CONNECTION, type WebHost } from '../../main/web/web-host';
import { apiHeaders, http } from '../helpers/http';
import { ok, openTempApp, signInAsAdmin, TEST_ADMIN, TEST_PIN, type TempApp } from '../helpers/temp-app';
import { seedCheckoutFixture } from '../helpers/valid-inputs';

const TOKEN = 'fuzz-token';
let t: TempApp;
let host: WebHost;
let customer: Customer;
let group: CustomerGroup;
let segment: Segment;
let spare: Customer;
/** Anonymised and merged by the examples, so the shared customer stays as it is for the others. */
let erasable: Customer;
let twin: Customer;
let fixture: Awaited<ReturnType<typeof seedCheckoutFixture>>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // openTempApp turns on validateOutput: a result outside its contract comes back as INTERNAL.
  t = openTempApp();
  customer = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
  group = await ok<CustomerGroup>(t.app, 'groups.save', {
    name: 'VIP',
    description: null,
    requiresApproval: true,
    discountPercent: 10,
  });
  segment = await ok<Segment>(t.app, 'segments.save', { name: 'Con teléfono', filters: { hasPhone: true } });
  spare = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Sin compras', email: 'spare@example.com' });
  erasable = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Borrable', email: 'b@example.com' });
  twin = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Borrable', email: 'b@example.com', allowDuplicate: true });
  fixture = await seedCheckoutFixture(t.app);
  // A purchase keeps random customers.delete calls from removing the customer every channel uses.
  await ok(t.app, 'checkout.complete', {
    lines: [{ productId: fixture.productId, quantity: 1 }],
    customerId: customer.id,
    paymentMethod: 'cash',
  });
  host = await startWebHost({ app: t.app, rendererDir: '/nonexistent', token: TOKEN });
  await signInAsAdmin(t.app, WEB_CONNECTION);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await host.close();
  t.close();
});

/** What every answer must look like, whatever was sent. */
const envelope = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string().min(1),
      fields: z.record(z.string(), z.string().regex(/^[a-z_]+$/)).optional(),
      duplicates: z.array(z.unknown()).optional(),
      attemptsLeft: z.number().int().min(1).optional(),
      retryAt: z.iso.datetime().optional(),
    }),
  }),
]);

const controlChar = fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code));

/** Values an attacker, a broken client or a cat on the keyboard might send. */
const nasty = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.oneof(controlChar, fc.constantFrom('a', ' ', 'ñ')), maxLength: 20 }),
    fc.constantFrom(
      "'; DROP TABLE customers; --",
      "Robert'); DELETE FROM outbox; --",
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '\u0000\u0001\u001f\u007f',
      '🧾💳👩‍👩‍👧',
      '\u202etxt.exe',
      'José Núñez',
      '+507 6123-4567',
      '"*" NEAR OR AND',
      '../../etc/passwd',
      '018f0000-0000-7000-8000-000000000000',
      '__proto__',
      'constructor',
      'in_store',
      'sms',
      'business',
    ),
    // The store's own rows, so random edits, deactivations and consents reach real customers.
    fc.constantFrom(customer.id, group.id, segment.id, customer.membershipCode, fixture.productId, fixture.orderId),
    // Huge strings, up to about 100k characters of any kind.
    fc
      .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 100_000 }))
      .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length)),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1, 0, 0.5, 2 ** 53, 10_000_001),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null)), { maxLength: 25 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
    // Nested arrays and objects.
    fc.anything({ maxDepth: 4, maxKeys: 4 }),
  );

/** The channel's real keys (and those of its nested objects) with nasty values. */
function inputFor(channel: ChannelName): fc.Arbitrary<unknown> {
  const shape = (channels[channel].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const value = nasty();
  const fieldNames = ['firstName', 'lastName', 'phone', 'email', 'notes', 'kind', 'tags', 'groupId', 'dateOfBirth', 'evil'];
  const filterNames = ['status', 'hasPhone', 'tag', 'groupId', 'birthdayThisMonth', 'evil'];
  return fc.oneof(
    fc.anything(),
    keys.length > 0
      ? fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] })
      : fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 3 }),
    fc.record(
      {
        id: fc.oneof(
          fc.constantFrom(customer.id, segment.id, group.id, fixture.orderId, fixture.jobId, fixture.csvUploadId),
          value,
        ),
        customerId: fc.oneof(fc.constantFrom(customer.id), value),
        code: value,
        lines: fc.oneof(fc.constant([{ productId: fixture.productId, quantity: 1 }]), value),
        paymentMethod: fc.oneof(fc.constantFrom('cash', 'card'), value),
        points: value,
        reason: value,
        query: value,
        patch: fc.dictionary(fc.constantFrom(...fieldNames), value),
        filters: fc.dictionary(fc.constantFrom(...filterNames), value),
        firstName: value,
        phone: value,
        channel: fc.oneof(fc.constantFrom('sms', 'email'), value),
        granted: fc.oneof(fc.boolean(), value),
        source: fc.oneof(fc.constantFrom('in_store', 'web_form'), value),
      },
      { requiredKeys: [] },
    ),
  );
}

/** Calls that are accepted, so every run also checks results against the contract. */
const EXAMPLES: Record<ChannelName, () => unknown[]> = {
  'app.info': () => [{}],
  'auth.status': () => [{}],
  'auth.users': () => [{}],
  // The first run is over: every call is refused (CONFLICT), and changes nothing.
  'auth.setup': () => [],
  'auth.signIn': () => [{ userId: fixture.userId, pin: TEST_PIN }],
  // Both end the fuzzer's own session; their refusals are fuzzed, and the admin signs in again after.
  'auth.lock': () => [],
  'auth.signOut': () => [],
  'auth.touch': () => [{}],
  // The admin's PIN changed and back again, so the admin signs in with it after.
  'auth.changePin': () => [
    { currentPin: TEST_ADMIN.pin, newPin: '51739', confirmPin: '51739' },
    { currentPin: '51739', newPin: TEST_ADMIN.pin, confirmPin: TEST_ADMIN.pin },
  ],
  'users.names': () => [{}],
  'users.list': () => [{}],
  'users.add': () => [{ name: '<b>Eva</b> 🧾', role: 'cashier', readOnly: true, pin: '51739' }],
  'users.update': () => [{ id: fixture.userId, name: "O'Brien; --", role: 'manager', readOnly: false }],
  'users.resetPin': () => [{ id: fixture.userId, pin: '86420' }],
  'users.deactivate': () => [{ id: fixture.userId }],
  'users.reactivate': () => [{ id: fixture.userId }],
  'settings.get': () => [{}],
  'settings.update': () => [{ storeName: '<b>Tienda</b> 🧾' }],
  'sync.status': () => [{}],
  'customers.search': () => [{ query: "'; DROP TABLE customers; --" }, { query: '', offset: 1, limit: 200 }],
  'customers.get': () => [{ id: customer.id }],
  'customers.create': () => [
    { firstName: '<script>alert(1)</script>', notes: 'línea\nlínea\t🧾', allowDuplicate: true },
    {
      kind: 'business',
      company: '"*" NEAR',
      addresses: [{ kind: 'shipping', line1: "'; --", city: '🧾' }],
      contacts: [{ name: '<i>x</i>' }],
      allowDuplicate: true,
    },
  ],
  'customers.quickAdd': () => [{ firstName: 'Ñandú 👩‍👩‍👧', email: 'n@example.com', allowDuplicate: true }],
  'customers.update': () => [{ id: customer.id, patch: { lastName: "O'Brien; --" }, allowDuplicate: true }],
  'customers.deactivate': () => [{ id: customer.id }],
  'customers.reactivate': () => [{ id: customer.id }],
  'customers.history': () => [{ id: customer.id }],
  'customers.approve': () => [{ id: customer.id }],
  'customers.tags': () => [{ prefix: '%' }],
  'groups.list': () => [{}],
  'customers.exportData': () => [{ id: customer.id }],
  'groups.save': () => [{ id: group.id, name: 'VIP', description: '<i>x</i>', requiresApproval: false, discountPercent: 0 }],
  'segments.list': () => [{}],
  'segments.save': () => [{ name: 'Etiqueta rara', filters: { tag: '%_' } }],
  'segments.delete': () => [],
  'customers.setConsent': () => [{ id: customer.id, channel: 'sms', granted: true, source: 'in_store' }],
  'customers.consentLog': () => [{ id: customer.id }],
  'products.search': () => [{ query: "%_'; --" }, { query: '', includeInactive: true }],
  'products.save': () => [{ sku: '<b>SKU</b>', name: 'Ñandú 🧾', priceMinor: 0, barcode: null }],
  'checkout.scan': () => [{ code: customer.membershipCode }, { code: '"*" NEAR' }],
  'checkout.complete': () => [{ lines: [{ productId: fixture.productId, quantity: 1 }], paymentMethod: 'other' }],
  'orders.get': () => [{ id: fixture.orderId }],
  'orders.find': () => [{ number: fixture.orderNumber }],
  'orders.refund': () => [{ id: fixture.orderId, lines: undefined, reason: '<script>' }],
  'orders.assignCustomer': () => [{ id: fixture.orderId, customerId: customer.id }],
  'customers.purchases': () => [{ customerId: customer.id, from: '2000-01-01', to: '2099-12-31' }],
  'customers.insights': () => [{ id: customer.id }],
  'customers.loyalty': () => [{ id: customer.id }],
  'loyalty.adjust': () => [{ customerId: customer.id, points: 5, reason: '🧾 <i>x</i>' }],
  'customers.delete': () => [{ id: spare.id }],
  'duplicates.list': () => [{}, { cursor: '4|1990-01-01', limit: 1 }, { cursor: 'junk' }],
  'duplicates.dismiss': () => [],
  'customers.merge': () => [{ winnerId: erasable.id, loserId: twin.id, pick: { firstName: 'loser' } }],
  'customers.anonymise': () => [{ id: erasable.id }],
  'customers.exportCsv': () => [{}, { query: '"*" NEAR', filters: { tag: '%_' }, includeInactive: true }],
  'csv.job': () => [{ id: fixture.jobId }],
  'csv.cancel': () => [],
  'customFields.list': () => [{}],
  'customFields.save': () => [{ key: 'fuzz_choice', label: '<b>Talla</b> 🧾', type: 'choice', options: ['S', "M'; --"] }],
  'backups.list': () => [{}],
  'backups.create': () => [{}],
  'backups.configure': () => [{ keep: 14 }],
  'backups.exportChunk': () => [],
  'backups.importChunk': () => [{ offset: 0, data: 'PHNjcmlwdD4=' }],
  'backups.import': () => [],
  // Restoring would swap the store the other examples rely on; its refusals are fuzzed all the same.
  'backups.restore': () => [],
  'customers.importUpload': () => [{ offset: 0, data: Buffer.from('a,b\r\n"x""y",\u0000').toString('base64') }],
  'customers.importPreview': () => [{ uploadId: fixture.csvUploadId }],
  'customers.importCsv': () => [{ uploadId: fixture.csvUploadId, mapping: ['notes', null], duplicates: 'create' }],
  'twilio.credentials.get': () => [{}],
  'twilio.credentials.set': () => [
    { accountSid: `AC${'0a'.repeat(16)}`, authToken: 'f'.repeat(32), fromNumber: '+1 415 555 0100' },
    { accountSid: `AC${'b1'.repeat(16)}`, messagingServiceSid: `MG${'c2'.repeat(16)}`, fromNumber: '' },
  ],
  'twilio.credentials.clear': () => [{}],
};

const post = (channel: string, body: string) =>
  http(host.port, { path: `/api/${channel}`, headers: apiHeaders(host.port, TOKEN), body });

describe('every channel under random payloads, over HTTP', () => {
  it('has a list of accepted examples for every channel', () => {
    expect(CHANNEL_NAMES.filter((c) => EXAMPLES[c] === undefined)).toEqual([]);
  });

  it.each(CHANNEL_NAMES)('%s never crashes, always answers an envelope, and a refused call changes nothing', async (channel) => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(inputFor(channel), async (input) => {
        const counts = t.counts();
        const writes = t.totalChanges();
        const answer = await post(channel, JSON.stringify({ input }));
        // 400: JSON the parser refuses (a __proto__ key); 413: too large. Both still answer an envelope.
        expect([200, 400, 413]).toContain(answer.status);
        const body = envelope.parse(answer.body);
        if (body.ok) {
          accepted++;
          channels[channel].output.parse(body.value);
        } else {
          // validateOutput is on: a result outside the contract, or any unexpected throw, would be INTERNAL.
          expect(body.error.code).not.toBe('INTERNAL');
          expect(t.counts()).toEqual(counts);
          expect(t.totalChanges()).toBe(writes);
        }
      }),
      { numRuns: 150, examples: EXAMPLES[channel]().map((input) => [input]) },
    );
    expect(accepted).toBeGreaterThanOrEqual(EXAMPLES[channel]().length);
    if (channel.startsWith('auth.')) await signInAsAdmin(t.app, WEB_CONNECTION);
    expect((await post('app.info', '{}')).body).toMatchObject({ ok: true });
    expect(unhandled).toEqual([]);
    expect(t.app.sql.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
