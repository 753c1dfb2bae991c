import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { channels, isChannelName } from '../shared/contract';
import { formatHlc, parseHlc } from '../shared/hlc';
import { canSignedOut } from '../shared/permissions';
import { newId } from '../shared/ids';
import type { StoreSettings } from '../shared/settings';
import { type Connection, openConnection } from '../db/connection';
import { Sql } from '../db/sql';
import { WritePath } from '../db/write-path';
import { authHandlers } from './auth/auth-handlers';
import { AuthService } from './auth/auth-service';
import type { ScryptCost } from './auth/pin-hash';
import { backupHandlers } from './backups/backup-handlers';
import { BackupService, backupBeforeMigration, readBackupKeep } from './backups/backup-service';
import { checkoutHandlers } from './checkout/checkout-handlers';
import { CheckoutService } from './checkout/checkout-service';
import { CustomerCsvExport } from './customers/csv-export';
import { CustomerCsvImport } from './customers/csv-import';
import { csvHandlers } from './customers/csv-handlers';
import { CsvJobs } from './customers/csv-jobs';
import { customerHandlers } from './customers/customer-handlers';
import { CustomerService } from './customers/customer-service';
import { duplicateHandlers } from './customers/duplicate-handlers';
import { DuplicatesService } from './customers/duplicates-service';
import { type DispatchOptions, dispatch } from './dispatch';
import { EventBus } from './events';
import { createHandlerTable, type HandlerTable } from './handlers';
import { SettingsService } from './settings/settings-service';
import { CustomFieldService } from './customers/custom-field-service';
import { SyncStatusTracker, syncStatus } from './sync/sync-status';
import { ReadWorker } from './customers/read-worker';
import { stopWriters } from './customers/write-worker';
import { stopCheckpointers } from './wal-checkpointer';
import type { Encryptor } from './secrets/encryptor';
import { KEY_FILE, keyFileEncryptor } from './secrets/key-file-encryptor';
import { SecretStore } from './secrets/secret-store';
import { TwilioCredentialsService, twilioHandlers } from './twilio/twilio-credentials';

export const APP_VERSION = '0.1.0';
export const DATABASE_FILE = 'clientela.db';

export interface AppOptions {
  dataDir: string;
  transport: 'electron' | 'web';
  now?: () => number;
  random?: () => number;
  dispatch?: DispatchOptions;
  /** A backup now if the newest is a day old, then checked hourly (the launchers turn it on). */
  dailyBackups?: boolean;
  /** Opens the database handle (bench/at-rest-encryption.ts opens an encrypted one); better-sqlite3 otherwise. */
  openDatabase?: (file: string) => Connection;
  /** The clock that times a session's inactivity (performance.now unless a test freezes it). */
  monotonicNow?: () => number;
  /** A cheaper PIN hash for tests (the launchers never set it; the hash records its cost). */
  pinCost?: ScryptCost;
  /**
   * What encrypts secrets at rest: the Electron launcher passes the OS keyring (safeStorage);
   * otherwise a key file in the data folder (ADR 0014).
   */
  encryptor?: Encryptor;
}

/** The connection tests and in-process callers use; the transports name their own. */
export const LOCAL_CONNECTION = 'local';
/** What writes made with no one signed in (the first admin's own creation aside) would name. */
const SIGNED_OUT = 'signed-out';

export interface App {
  readonly handlers: HandlerTable;
  readonly events: EventBus;
  readonly sql: Sql;
  readonly writes: WritePath;
  readonly deviceId: string;
  readonly settings: SettingsService;
  readonly customers: CustomerService;
  readonly checkout: CheckoutService;
  readonly csvJobs: CsvJobs;
  readonly backups: BackupService;
  readonly auth: AuthService;
  /** The Twilio account and its token (the SMS sender reads the token here; no channel returns it). */
  readonly twilio: TwilioCredentialsService;
  /** A call as whoever is signed in on `connection` (an Electron window, the web host's token). */
  call(name: string, input: unknown, connection?: string): ReturnType<typeof dispatch>;
  close(): void;
}

/** One open database and everything built on it; a restore replaces the whole of it. */
interface Store {
  db: Connection;
  sql: Sql;
  writes: WritePath;
  deviceId: string;
  settings: SettingsService;
  customers: CustomerService;
  checkout: CheckoutService;
  twilio: TwilioCredentialsService;
  handlers: HandlerTable;
  reader: ReadWorker;
}

/**
 * What the launchers call: a verified backup first when this start is about to migrate an
 * existing store, then the app with daily backups.
 */
export async function startApp(options: AppOptions): Promise<App> {
  mkdirSync(options.dataDir, { recursive: true });
  await backupBeforeMigration(options.dataDir, join(options.dataDir, DATABASE_FILE), options.now ?? Date.now);
  return openApp({ dailyBackups: true, ...options });
}

/** The composition root: one database, one write path, one handler table. */
export function openApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, DATABASE_FILE);
  const events = new EventBus();
  const csvJobs = new CsvJobs(join(options.dataDir, 'csv'), events, options.now);
  const encryptor = options.encryptor ?? keyFileEncryptor(join(options.dataDir, KEY_FILE));
  let store: Store;
  const backups = new BackupService({
    dataDir: options.dataDir,
    now: options.now ?? Date.now,
    database: () => store.db,
    keep: () => readBackupKeep(store.db),
    onCreated: (backup) => events.emit('backups.created', { name: backup.name }),
    replaceDatabase: (staged) => {
      // A running export reads the store being replaced.
      csvJobs.cancelAll();
      stopCheckpointers();
      stopWriters();
      const swapped = replaceStore(file, staged, store, () =>
        openStore(file, options, encryptor, events, csvJobs, backups, auth, () => store),
      );
      store = swapped.store;
      if (swapped.error) throw swapped.error;
      events.emit('app.restored', { at: new Date((options.now ?? Date.now)()).toISOString() });
      events.emit('sync.status', syncStatus(store.sql));
    },
  });
  const auth = new AuthService({
    sql: () => store.sql,
    deviceId: () => store.deviceId,
    now: options.now ?? Date.now,
    monotonicNow: options.monotonicNow ?? (() => performance.now()),
    lockAfterMinutes: () => store.settings.get().lockAfterMinutes,
    pinCost: options.pinCost,
  });
  store = openStore(file, options, encryptor, events, csvJobs, backups, auth, () => store);
  if (options.dailyBackups) void backups.startDaily();
  return {
    get handlers() {
      return store.handlers;
    },
    events,
    get sql() {
      return store.sql;
    },
    get writes() {
      return store.writes;
    },
    get deviceId() {
      return store.deviceId;
    },
    get settings() {
      return store.settings;
    },
    get customers() {
      return store.customers;
    },
    get checkout() {
      return store.checkout;
    },
    get twilio() {
      return store.twilio;
    },
    csvJobs,
    backups,
    auth,
    call: (name, input, connection = LOCAL_CONNECTION) => {
      // A call that runs as the session is activity; app.open ones (auth.status, sign-in) are not.
      const touch = isChannelName(name) && !canSignedOut(channels[name].permission);
      const session = auth.session(connection, { touch });
      const actor = { userId: session?.userId ?? SIGNED_OUT, deviceId: store.deviceId };
      return dispatch(store.handlers, name, input, { connection, session, actor }, options.dispatch);
    },
    close: () => {
      backups.stopDaily();
      csvJobs.cancelAll();
      // An import's writer thread stops writing before the store closes under it.
      stopWriters();
      store.reader.close();
      store.db.close();
    },
  };
}

function openStore(
  file: string,
  options: AppOptions,
  encryptor: Encryptor,
  events: EventBus,
  csvJobs: CsvJobs,
  backups: BackupService,
  auth: AuthService,
  current: () => Store,
): Store {
  const db = openConnection(file, { open: options.openDatabase });
  const sql = new Sql(db);
  const device = ensureDevice(db);
  const writes = new WritePath(sql, device.deviceId, device.hlc, options.now);
  const sync = new SyncStatusTracker(sql);
  const settings = new SettingsService(sql, writes);
  const customFields = new CustomFieldService(sql, writes);
  // The worker opens the file with plain better-sqlite3: a store opened another way (the bench's
  // encrypted one) is read on main.
  const reader = new ReadWorker(file, { enabled: !options.openDatabase });
  const customers = new CustomerService(sql, writes, settings, options.random, options.now, () => customFields.list(), reader);
  const checkout = new CheckoutService(sql, writes, settings, options.now);
  const duplicates = new DuplicatesService(sql, writes, customers);
  const csvExport = new CustomerCsvExport(sql, customers, csvJobs, options.now);
  // A writer thread opens the file with plain better-sqlite3: not a store opened another way.
  const csvImport = new CustomerCsvImport(sql, writes, customers, settings, csvJobs, !options.openDatabase, () =>
    backups.copied(),
  );
  const twilio = new TwilioCredentialsService(sql, new SecretStore(sql, encryptor, options.now), settings, options.now);
  writes.onCommit((changes, operations) => {
    const ids = [
      ...new Set(
        changes.flatMap((c) =>
          c.table === 'customers' ? [c.id] : c.parentId && c.table.startsWith('customer_') ? [c.parentId] : [],
        ),
      ),
    ];
    if (ids.length > 0) {
      customers.customersChanged();
      events.emit('customers.changed', { ids });
    }
    const productIds = changes.filter((c) => c.table === 'products').map((c) => c.id);
    if (productIds.length > 0) events.emit('products.changed', { ids: productIds });
    const orderIds = changes.filter((c) => c.table === 'orders').map((c) => c.id);
    if (orderIds.length > 0) customers.ordersChanged();
    if (orderIds.length > 0) events.emit('orders.changed', { ids: orderIds, customerIds: checkout.customersOf(orderIds) });
    sync.committed(operations);
    events.emit('sync.status', sync.get());
  });
  const handlers = createHandlerTable(
    {
      'app.info': () => ({
        version: APP_VERSION,
        deviceId: device.deviceId,
        transport: options.transport,
        settings: settings.get(),
      }),
      'settings.get': () => settings.get(),
      'settings.update': (patch, { actor }) => settings.update(actor, patch as Partial<StoreSettings>),
      'sync.status': () => sync.get(),
      'customFields.list': () => customFields.list(),
      'customFields.save': (input, { actor }) => customFields.save(actor, input),
    },
    customerHandlers(customers),
    checkoutHandlers(checkout),
    duplicateHandlers(duplicates, customers),
    csvHandlers(csvJobs, csvExport, csvImport),
    backupHandlers(backups, current),
    authHandlers(auth),
    twilioHandlers(twilio),
  );
  return { db, sql, writes, deviceId: device.deviceId, settings, customers, checkout, twilio, handlers, reader };
}

/**
 * Swap the open store for `staged` (a checked copy of a backup): the device keeps its own id and
 * its clock never runs backwards; the old file stays aside until the new one opens, and comes
 * back if it does not.
 */
function replaceStore(file: string, staged: string, old: Store, reopen: () => Store): { store: Store; error?: unknown } {
  adoptDevice(staged, old.deviceId, old.writes.lastStamp);
  old.reader.close();
  old.db.close();
  const aside = `${file}.replaced-${newId()}`;
  removeSidecars(file);
  renameSync(file, aside);
  renameSync(staged, file);
  try {
    const opened = reopen();
    rmSync(aside, { force: true });
    return { store: opened };
  } catch (error) {
    removeSidecars(file);
    rmSync(file, { force: true });
    renameSync(aside, file);
    // The old store comes back so the app keeps working; the caller still hears of the failure.
    return { store: reopen(), error };
  }
}

function adoptDevice(file: string, deviceId: string, lastStamp: string): void {
  const db = new Database(file);
  try {
    const row = db.prepare('SELECT hlc FROM device WHERE id = 1').get() as { hlc: string } | undefined;
    const ours = parseHlc(lastStamp);
    const theirs = row?.hlc ? parseHlc(row.hlc) : null;
    const later =
      theirs && (theirs.wall > ours.wall || (theirs.wall === ours.wall && theirs.counter > ours.counter)) ? theirs : ours;
    db.prepare('UPDATE device SET device_id = ?, hlc = ? WHERE id = 1').run(deviceId, formatHlc({ ...later, node: deviceId }));
  } finally {
    db.close();
  }
}

function removeSidecars(file: string): void {
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${file}${suffix}`)) rmSync(`${file}${suffix}`);
}

function ensureDevice(db: Connection): { deviceId: string; hlc: string | null } {
  const row = db.prepare('SELECT device_id, hlc FROM device WHERE id = 1').get() as
    | { device_id: string; hlc: string }
    | undefined;
  if (row) return { deviceId: row.device_id, hlc: row.hlc || null };
  const deviceId = newId();
  db.prepare('INSERT INTO device (id, device_id, hlc) VALUES (1, ?, ?)').run(deviceId, '');
  return { deviceId, hlc: null };
}
