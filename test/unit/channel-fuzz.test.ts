import fc from 'fast-check';
import { CHANNEL_NAMES, channels } from '../../shared/contract';
import { ERROR_CODES } from '../../shared/errors';
import { startWebHost, type WebHost } from '../../main/web/web-host';
import { apiHeaders, http } from '../helpers/http';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

const TOKEN = 'fuzz-token';
let t: TempApp;
let host: WebHost;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  t = openTempApp();
  await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
  host = await startWebHost({ app: t.app, rendererDir: '/nonexistent', token: TOKEN });
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await host.close();
  t.close();
});

/** Values an attacker, a broken client or a cat on the keyboard might send. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    "'; DROP TABLE customers; --",
    '<script>alert(1)</script>',
    '\u0000\u0001\u001f\u007f',
    '🧾💳👩‍👩‍👧',
    'José Núñez',
    '+507 6123-4567',
    '"*" NEAR OR AND',
    '../../etc/passwd',
    '018f0000-0000-7000-8000-000000000000',
    '__proto__',
  ),
  fc.integer().map((n) => 'x'.repeat(Math.abs(n) % 100_000)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -1, 0, 2 ** 53),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

function inputFor(channel: (typeof CHANNEL_NAMES)[number]) {
  const shape = (channels[channel].input as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  return fc.oneof(
    fc.anything(),
    keys.length > 0
      ? fc.record(Object.fromEntries(keys.map((k) => [k, nasty])), { requiredKeys: [] })
      : fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 3 }),
    fc.record({
      id: nasty,
      patch: fc.dictionary(fc.constantFrom('firstName', 'phone', 'email', 'notes', 'kind', 'evil'), nasty),
    }),
  );
}

describe('every channel under random payloads, over HTTP', () => {
  it.each(CHANNEL_NAMES)('%s never crashes, always answers an envelope, and a refused call changes nothing', async (channel) => {
    await fc.assert(
      fc.asyncProperty(inputFor(channel), async (input) => {
        const before = t.counts();
        const answer = await http(host.port, {
          path: `/api/${channel}`,
          headers: apiHeaders(host.port, TOKEN),
          body: JSON.stringify({ input }),
        });
        const body = answer.body as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
        expect(typeof body?.ok).toBe('boolean');
        if (body.ok) {
          channels[channel].output.parse(body.value);
        } else {
          expect(ERROR_CODES).toContain(body.error?.code);
          expect(body.error?.code).not.toBe('INTERNAL');
          expect(typeof body.error?.message).toBe('string');
          expect(t.counts()).toEqual(before);
        }
      }),
      { numRuns: 120 },
    );
    expect(
      (await http(host.port, { path: '/api/app.info', headers: apiHeaders(host.port, TOKEN), body: '{}' })).body,
    ).toMatchObject({ ok: true });
    expect(unhandled).toEqual([]);
    const integrity = t.app.sql.db.pragma('integrity_check', { simple: true });
    expect(integrity).toBe('ok');
  });
});
