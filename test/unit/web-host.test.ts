import { request } from 'node:http';
import { join } from 'node:path';
import { CHANNEL_NAMES, type ChannelName, channels } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { Segment } from '../../shared/customers/segments';
import { startWebHost, WEB_CONNECTION, type WebHost } from '../../main/web/web-host';
import { apiHeaders, http } from '../helpers/http';
import { type FixtureIds, seedBackupFixture, seedCheckoutFixture, validInputs } from '../helpers/valid-inputs';
import { ok, openTempApp, signInAsAdmin, TEST_ADMIN, type TempApp } from '../helpers/temp-app';

const TOKEN = 'test-token-0123456789';
let t: TempApp;
let host: WebHost;
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
  host = await startWebHost({ app: t.app, rendererDir: join(t.dir, 'no-renderer-here'), token: TOKEN });
  // The browser's connection signs in as the test admin, as the sign-in screen would.
  await signInAsAdmin(t.app, WEB_CONNECTION);
});
afterEach(async () => {
  await host.close();
  t.close();
});

const call = (channel: string, input: unknown, headers = apiHeaders(host.port, TOKEN)) =>
  http(host.port, { path: `/api/${channel}`, headers, body: JSON.stringify({ input }) });

/** Inputs each channel must refuse. */
const BAD_INPUT: Record<string, unknown> = {
  'app.info': { extra: 1 },
  'auth.status': { extra: 1 },
  'auth.users': { extra: 1 },
  'auth.setup': { name: '', pin: '1234' },
  'auth.signIn': { userId: 'not-a-user', pin: '12a4' },
  'auth.lock': { extra: 1 },
  'auth.signOut': { extra: 1 },
  'auth.touch': { extra: 1 },
  'auth.changePin': { currentPin: '12a', newPin: '1111', confirmPin: '2222' },
  'users.names': { extra: 1 },
  'users.list': { extra: 1 },
  'users.add': { name: '', role: 'owner', pin: '0000' },
  'users.update': { id: 'nope', role: 'owner' },
  'users.resetPin': { id: '018f0000-0000-7000-8000-000000000000', pin: '123' },
  'users.deactivate': { id: 'x' },
  'users.reactivate': { id: 7 },
  'settings.get': { extra: 1 },
  'settings.update': { country: 'Narnia', currency: 12 },
  'sync.status': { verbose: true },
  'customFields.list': { all: true },
  'customFields.save': { key: 'Bad Key', label: '', type: 'colour' },
  'customers.search': { query: 42, limit: 0 },
  'customers.get': { id: 'not-a-uuid' },
  'customers.create': { firstName: ['x'], email: 'nope' },
  'customers.quickAdd': { firstName: 'Ana', email: 'not-an-email' },
  'customers.update': { id: '018f0000-0000-7000-8000-000000000000', patch: { dateOfBirth: '2999-01-01' } },
  'customers.deactivate': { id: 'x' },
  'customers.reactivate': { id: 5 },
  'customers.history': {},
  'customers.setConsent': { id: '018f0000-0000-7000-8000-000000000000', channel: 'sms', granted: true, source: 'system' },
  'customers.consentLog': { id: null },
  'customers.approve': { id: 'nope' },
  'customers.tags': { prefix: 7 },
  'groups.list': { all: true },
  'customers.exportData': { id: '../../etc/passwd' },
  'groups.save': { name: 'X', description: null, requiresApproval: false, discountPercent: 150 },
  'segments.list': { page: 2 },
  'segments.save': { name: 'Sin filtros', filters: {} },
  'segments.delete': { id: 42 },
  'products.search': { query: 'x'.repeat(101) },
  'products.save': { sku: '', name: 'Pan', priceMinor: -1 },
  'checkout.scan': { code: '' },
  'checkout.complete': { lines: [], paymentMethod: 'bitcoin' },
  'orders.get': { id: 'A-000001' },
  'orders.find': { number: '   ' },
  'orders.refund': { id: '018f0000-0000-7000-8000-000000000000', lines: [{ lineId: 'x', quantity: 0 }] },
  'orders.assignCustomer': { id: '018f0000-0000-7000-8000-000000000000' },
  'customers.purchases': { customerId: '018f0000-0000-7000-8000-000000000000', from: '01/02/2026' },
  'customers.insights': { id: 7 },
  'customers.loyalty': {},
  'loyalty.adjust': { customerId: '018f0000-0000-7000-8000-000000000000', points: 10, reason: '   ' },
  'customers.delete': { id: 'everyone' },
  'duplicates.list': { cursor: 7, limit: 1000 },
  'duplicates.dismiss': { a: '018f0000-0000-7000-8000-000000000000' },
  'customers.merge': { winnerId: 'x', loserId: '018f0000-0000-7000-8000-000000000000', pick: { phone: 'both' } },
  'customers.anonymise': { id: 'nope' },
  'customers.exportCsv': { filters: { status: 'gone' } },
  'csv.job': { id: 'x' },
  'csv.cancel': {},
  'backups.list': { all: true },
  'backups.create': { reason: 'daily' },
  'backups.configure': { keep: 0 },
  'backups.exportChunk': { name: '../clientela.db', offset: 0 },
  'backups.importChunk': { offset: -1, data: 'AAAA' },
  'backups.import': { uploadId: '../../etc/passwd' },
  'backups.restore': { name: '/etc/passwd' },
  'customers.importUpload': { offset: -1, data: 'not base64!' },
  'customers.importPreview': { uploadId: '../../etc/passwd' },
  'customers.importCsv': { uploadId: '018f0000-0000-7000-8000-000000000000', mapping: [null], duplicates: 'merge' },
  'twilio.credentials.get': { reveal: true },
  'twilio.credentials.set': { accountSid: 'AC1', authToken: 'x', fromNumber: '+14155550100' },
  'twilio.credentials.clear': { name: 'twilio.authToken' },
};

const validInput = (channel: ChannelName, backup: Partial<FixtureIds> = {}) =>
  validInputs({
    customerId: customer.id,
    segmentId: segment.id,
    otherId: other.id,
    // The browser's connection is the test admin's.
    callerPin: TEST_ADMIN.pin,
    ...fixture,
    ...backup,
  })[channel];

describe('the web host', () => {
  it('has a bad input case for every channel', () => {
    expect(Object.keys(BAD_INPUT).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('%s refuses bad input with VALIDATION and changes nothing', async (channel) => {
    const before = t.counts();
    const data = t.fingerprint();
    const answer = await call(channel, BAD_INPUT[channel]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(t.counts()).toEqual(before);
    expect(t.fingerprint()).toBe(data);
  });

  it.each(CHANNEL_NAMES)('%s refuses an unknown key beside a good input, names it, and changes nothing', async (channel) => {
    const backup = channel.startsWith('backups.') ? await seedBackupFixture(t.app) : {};
    const data = t.fingerprint();
    const refused = await call(channel, { ...validInput(channel, backup), sneaky: 'value' });
    expect(refused.body).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.any(String), fields: { sneaky: 'unknown_field' } },
    });
    expect(t.fingerprint()).toBe(data);
    // Without the stray key the same call goes through and answers inside its contract.
    const accepted = (await call(channel, validInput(channel, backup))).body as { ok: boolean; value: unknown };
    // The first run is over on a store with users: the one valid call refused for everyone.
    if (channel === 'auth.setup') return expect(accepted).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(accepted).toMatchObject({ ok: true });
    expect(channels[channel].output.safeParse(accepted.value).success).toBe(true);
  });

  it('answers a good call with the handler value', async () => {
    const answer = await call('customers.search', { query: 'ana' });
    expect(answer.body).toMatchObject({ ok: true, value: { total: 1, items: [{ firstName: 'Ana', phone: '+50761234567' }] } });
  });

  it('says which field is wrong', async () => {
    const answer = await call('customers.quickAdd', { firstName: '', phone: '12' });
    expect(answer.body).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { firstName: 'required', phone: 'invalid_phone' } },
    });
  });

  it('gives nothing without the token, or with a wrong one', async () => {
    const headers = apiHeaders(host.port, TOKEN);
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const h = { ...headers } as Record<string, string>;
      if (authorization) h.Authorization = authorization;
      else delete h.Authorization;
      const answer = await call('customers.search', { query: '' }, h);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(answer.text).not.toContain('Ana');
    }
  });

  it('a write without the token, or from another Origin or Host, changes nothing', async () => {
    const data = t.fingerprint();
    const input = { firstName: 'Intrusa', email: 'intrusa@example.com' };
    const good = apiHeaders(host.port, TOKEN);
    const { Authorization: _token, ...noToken } = good;
    expect((await call('customers.quickAdd', input, noToken)).status).toBe(401);
    expect((await call('customers.quickAdd', input, { ...good, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('customers.quickAdd', input, { ...good, Host: 'evil.example' })).status).toBe(403);
    expect(t.fingerprint()).toBe(data);
  });

  it('gives nothing to another Origin, or to a request without one', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null']) {
      const answer = await call('customers.search', { query: '' }, { ...apiHeaders(host.port, TOKEN), Origin: origin });
      expect(answer.status).toBe(403);
      expect(answer.text).not.toContain('Ana');
    }
    const { Origin: _omit, ...noOrigin } = apiHeaders(host.port, TOKEN);
    expect((await call('customers.search', { query: '' }, noOrigin)).status).toBe(403);
  });

  it('gives nothing to another Host name (DNS rebinding)', async () => {
    const answer = await call(
      'customers.search',
      { query: '' },
      { ...apiHeaders(host.port, TOKEN), Host: `evil.example:${host.port}` },
    );
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('Ana');
  });

  it('listens on loopback only and sends security headers', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await call('app.info', {});
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown channel with NOT_FOUND, even one named after an object property', async () => {
    for (const channel of ['customers.dropAll', '__proto__', 'constructor', 'toString', 'customers', 'app.info.x']) {
      const answer = await call(channel, {});
      expect(answer.status).toBe(200);
      expect(answer.body, channel).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('answers a body that is JSON but not an object as a call without input', async () => {
    const headers = apiHeaders(host.port, TOKEN);
    for (const body of ['null', '[1,2]', '"text"', '42']) {
      expect((await http(host.port, { path: '/api/customers.search', headers, body })).body).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { query: 'invalid' } },
      });
      expect((await http(host.port, { path: '/api/app.info', headers, body })).body).toMatchObject({ ok: true });
    }
  });

  it('survives malformed JSON and oversized bodies', async () => {
    const headers = apiHeaders(host.port, TOKEN);
    const data = t.fingerprint();
    for (const body of ['{"input": {', '', '{"input": {"firstName": "Ana",}}', '\u0000', '{"__proto__": {"admin": true}}']) {
      const broken = await http(host.port, { path: '/api/customers.quickAdd', headers, body });
      expect(broken.body, JSON.stringify(body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(broken.status).toBeLessThan(500);
    }
    expect(t.fingerprint()).toBe(data);
    const huge = await http(host.port, {
      path: '/api/customers.search',
      headers,
      body: JSON.stringify({ input: { query: 'x'.repeat(2_000_000) } }),
    });
    expect(huge.body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await call('app.info', {})).body).toMatchObject({ ok: true });
  });

  it('pushes customers.changed to the event stream after a create', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${TOKEN}`, headers: { Host: `127.0.0.1:${host.port}` } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          let created = false;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (!created && text.includes(': connected')) {
              created = true;
              void ok(t.app, 'customers.quickAdd', { firstName: 'Beto', email: 'beto@example.com' });
            }
            if (text.includes('event: customers.changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(await received).toMatch(/event: customers\.changed\ndata: \{"ids":\["[0-9a-f-]+"\]\}/);
  });

  it('refuses the event stream without the token', async () => {
    const answer = await http(host.port, {
      method: 'GET',
      path: '/api/events?token=nope',
      headers: { Host: `127.0.0.1:${host.port}` },
    });
    expect(answer.status).toBe(401);
  });
});
