import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '../shared/ids';
import type { StoreSettings } from '../shared/settings';
import { type Connection, openConnection } from '../db/connection';
import { Sql } from '../db/sql';
import { WritePath } from '../db/write-path';
import { checkoutHandlers } from './checkout/checkout-handlers';
import { CheckoutService } from './checkout/checkout-service';
import { customerHandlers } from './customers/customer-handlers';
import { CustomerCsvExport } from './customers/csv-export';
import { csvHandlers } from './customers/csv-handlers';
import { CsvJobs } from './customers/csv-jobs';
import { CustomerService } from './customers/customer-service';
import { duplicateHandlers } from './customers/duplicate-handlers';
import { DuplicatesService } from './customers/duplicates-service';
import { type DispatchOptions, dispatch } from './dispatch';
import { EventBus } from './events';
import { type CallContext, createHandlerTable, type HandlerTable, type Session } from './handlers';
import { SettingsService } from './settings/settings-service';
import { CustomFieldService } from './customers/custom-field-service';
import { syncStatus } from './sync/sync-status';

export const APP_VERSION = '0.1.0';
export const DATABASE_FILE = 'clientela.db';

export interface AppOptions {
  dataDir: string;
  transport: 'electron' | 'web';
  now?: () => number;
  random?: () => number;
  dispatch?: DispatchOptions;
}

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
  /** Until sign-in lands, the device owner. */
  readonly session: Session;
  call(name: string, input: unknown, session?: Session): ReturnType<typeof dispatch>;
  close(): void;
}

const OWNER: Session = { userId: 'owner', role: 'admin' };

/** The composition root: one database, one write path, one handler table. */
export function openApp(options: AppOptions): App {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openConnection(join(options.dataDir, DATABASE_FILE));
  const sql = new Sql(db);
  const device = ensureDevice(db);
  const events = new EventBus();
  const writes = new WritePath(sql, device.deviceId, device.hlc, options.now);
  const settings = new SettingsService(sql, writes);
  const customFields = new CustomFieldService(sql, writes);
  const customers = new CustomerService(sql, writes, settings, options.random, options.now, () => customFields.list());
  const checkout = new CheckoutService(sql, writes, settings, options.now);
  const duplicates = new DuplicatesService(sql, writes, customers);
  const csvJobs = new CsvJobs(join(options.dataDir, 'csv'), events, options.now);
  const csvExport = new CustomerCsvExport(sql, customers, csvJobs, options.now);
  writes.onCommit((changes) => {
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
    events.emit('sync.status', syncStatus(sql));
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
      'sync.status': () => syncStatus(sql),
      'customFields.list': () => customFields.list(),
      'customFields.save': (input, { actor }) => customFields.save(actor, input),
    },
    customerHandlers(customers),
    checkoutHandlers(checkout),
    duplicateHandlers(duplicates, customers),
    csvHandlers(csvJobs, csvExport),
  );
  const contextFor = (session: Session): CallContext => ({
    session,
    actor: { userId: session.userId, deviceId: device.deviceId },
  });
  return {
    handlers,
    events,
    sql,
    writes,
    deviceId: device.deviceId,
    settings,
    customers,
    checkout,
    csvJobs,
    session: OWNER,
    call: (name, input, session = OWNER) => dispatch(handlers, name, input, contextFor(session), options.dispatch),
    close: () => {
      csvJobs.cancelAll();
      db.close();
    },
  };
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
