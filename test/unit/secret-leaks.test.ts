import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/contract';
import type { Customer } from '../../shared/customers/customer';
import type { CsvJob } from '../../shared/customers/csv';
import type { Segment } from '../../shared/customers/segments';
import { KEY_FILE } from '../../main/secrets/key-file-encryptor';
import { seedBackupFixture, seedCheckoutFixture, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, validInputs } from '../helpers/valid-inputs';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

/** The token under test, and the one the channel walk itself saves: neither may surface anywhere. */
const TOKEN = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const TOKENS = [TOKEN, TEST_AUTH_TOKEN];

let t: TempApp;
const logged: string[] = [];
const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

beforeEach(async () => {
  logged.length = 0;
  for (const method of CONSOLE)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args
          .map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a)))
          .join(' '),
      );
    });
  t = openTempApp({ log: (message) => logged.push(message) });
  await ok(t.app, 'twilio.credentials.set', { accountSid: TEST_ACCOUNT_SID, authToken: TOKEN, fromNumber: '+14155550100' });
});
afterEach(() => {
  t.close();
  vi.restoreAllMocks();
});

const leaks = (text: string) => TOKENS.filter((token) => text.includes(token));

/** Every file in the data folder but the key itself: the store, its WAL, backups, CSV files. */
function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesIn(path);
    return name === KEY_FILE ? [] : [path];
  });
}

describe('a saved Twilio token never leaves main in the clear', () => {
  it('no answer of any channel holds it, nor anything logged while they ran', async () => {
    const customer = await ok<Customer>(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    const other = await ok<Customer>(t.app, 'customers.quickAdd', {
      firstName: 'Beatriz',
      phone: '6123-4567',
      allowDuplicate: true,
    });
    const segment = await ok<Segment>(t.app, 'segments.save', { name: 'Con teléfono', filters: { hasPhone: true } });
    const fixture = await seedCheckoutFixture(t.app);
    const backup = await seedBackupFixture(t.app);
    const inputs = validInputs({ customerId: customer.id, segmentId: segment.id, otherId: other.id, ...fixture, ...backup });
    // Signing in (as the fixture's cashier), locking or signing out would end the admin's session for
    // the rest of the walk: those run on a connection of their own.
    const aside = await t.as('admin', 'Otra admin');
    const ownConnection = new Set<ChannelName>(['auth.signIn', 'auth.lock', 'auth.signOut']);
    const answers: Partial<Record<ChannelName, unknown>> = {};
    for (const channel of CHANNEL_NAMES) {
      const connection = ownConnection.has(channel) ? aside : undefined;
      answers[channel] = await t.app.call(channel, inputs[channel], connection);
    }
    // The walk did reach the channels that hold the most: the credentials themselves, the export, the backups.
    expect(answers['twilio.credentials.get']).toMatchObject({ ok: true, value: { hasAuthToken: true } });
    expect(answers['customers.exportData']).toMatchObject({ ok: true });
    expect(answers['backups.list']).toMatchObject({ ok: true });
    expect(answers['app.info']).toMatchObject({ ok: true });
    expect(answers['twilio.credentials.set']).toMatchObject({ ok: true });
    for (const channel of CHANNEL_NAMES) expect(leaks(JSON.stringify(answers[channel])), channel).toEqual([]);
    expect(leaks(logged.join('\n'))).toEqual([]);
  });

  it('nor the audit log, the outbox, a CSV export, nor any byte of the store, its WAL or its backups', async () => {
    await ok(t.app, 'twilio.credentials.set', {
      accountSid: TEST_ACCOUNT_SID,
      authToken: TEST_AUTH_TOKEN,
      fromNumber: '+14155550100',
    });
    await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
    await ok(t.app, 'backups.create', {});
    const audit = t.app.sql.raw<Record<string, unknown>>('SELECT * FROM audit_log');
    expect(audit.some((row) => row.entity === 'secrets')).toBe(true);
    expect(leaks(JSON.stringify(audit))).toEqual([]);
    expect(leaks(JSON.stringify(t.app.sql.raw('SELECT * FROM outbox')))).toEqual([]);

    const started = await ok<CsvJob>(t.app, 'customers.exportCsv', {});
    expect((await t.app.csvJobs.settled(started.id)).state).toBe('done');
    const csv = t.app.csvJobs.file(started.id)?.path as string;
    expect(readFileSync(csv, 'utf8')).toContain('Ana');

    // The WAL still holds the latest pages (nothing has checkpointed them yet); the backup is a copy of the store.
    const files = filesIn(t.dir);
    expect(files.some((f) => f.endsWith('clientela.db-wal'))).toBe(true);
    expect(files.some((f) => f.includes('backups'))).toBe(true);
    expect(files).toContain(csv);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const token of TOKENS) expect(bytes.includes(token), `${file} holds a token`).toBe(false);
    }
    expect(leaks(logged.join('\n'))).toEqual([]);
  });

  it('the key that opens it is a file its owner alone may read', () => {
    expect(statSync(join(t.dir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});
