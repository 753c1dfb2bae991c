import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_CHUNK_BYTES, type BackupInfo } from '../../shared/backups';
import type { ChannelName } from '../../shared/contract';
import type { CsvJob } from '../../shared/customers/csv';
import type { Order } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import type { App } from '../../main/app';
import { ok, TEST_PIN } from './temp-app';

export interface FixtureIds {
  customerId: string;
  segmentId: string;
  /** An active catalogue product. */
  productId: string;
  /** A sale made without a customer (refundable, assignable). */
  orderId: string;
  orderNumber: string;
  /** A second customer, a likely duplicate of the first. */
  otherId: string;
  /** A CSV export started by the fixture. */
  jobId: string;
  /** From seedBackupFixture, for the backups channels only (a backup costs a check). */
  backupName?: string;
  /** The PIN of whoever makes the call (auth.changePin): TEST_PIN, as `as()` gives everyone, unless said. */
  callerPin?: string;
  uploadId?: string;
  /** A small CSV file uploaded by the fixture. */
  csvUploadId: string;
  /** A cashier added by the fixture (PIN TEST_PIN), for the users channels. */
  userId: string;
}

/** A backup in the list and an upload of a copy of it, waiting to be imported. */
export async function seedBackupFixture(app: App): Promise<{ backupName: string; uploadId: string }> {
  const backup = await ok<BackupInfo>(app, 'backups.create', {});
  const bytes = readFileSync(join(app.backups.dir, backup.name));
  let uploadId: string | undefined;
  for (let offset = 0; offset < bytes.length; offset += BACKUP_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + BACKUP_CHUNK_BYTES).toString('base64');
    uploadId = (await ok<{ uploadId: string }>(app, 'backups.importChunk', { uploadId, offset, data })).uploadId;
  }
  return { backupName: backup.name, uploadId: uploadId as string };
}

const NO_BACKUP = 'clientela-2026-01-01T00-00-00-000Z-manual.db';
const NO_UPLOAD = '018f0000-0000-7000-8000-000000000000';

/** The fixture's CSV file. */
export const FIXTURE_CSV = 'Nombre,Teléfono\r\nZoe,6000-1111\r\n';

/** The catalogue product and customer-less sale that the checkout channels' valid inputs need, and a CSV job. */
export async function seedCheckoutFixture(
  app: App,
): Promise<{ productId: string; orderId: string; orderNumber: string; jobId: string; csvUploadId: string; userId: string }> {
  const product = await ok<Product>(app, 'products.save', {
    sku: 'CAFE-1',
    barcode: '7450000000017',
    name: 'Café 1 lb',
    priceMinor: 450,
  });
  const order = await ok<Order>(app, 'checkout.complete', {
    lines: [{ productId: product.id, quantity: 2 }],
    paymentMethod: 'cash',
  });
  const job = await ok<CsvJob>(app, 'customers.exportCsv', {});
  const upload = await ok<{ uploadId: string }>(app, 'customers.importUpload', {
    offset: 0,
    data: Buffer.from(FIXTURE_CSV).toString('base64'),
  });
  const user = await ok<{ id: string }>(app, 'users.add', { name: 'Caja fija', role: 'cashier', pin: TEST_PIN });
  return {
    productId: product.id,
    orderId: order.id,
    orderNumber: order.number,
    jobId: job.id,
    csvUploadId: upload.uploadId,
    userId: user.id,
  };
}

/** Twilio credentials of the right shape (not a real account). */
export const TEST_ACCOUNT_SID = `AC${'3f'.repeat(16)}`;
export const TEST_AUTH_TOKEN = 'e7c1a9b24d6f08e3a5b7c9d1f2e4a6b8';

/** A call each channel accepts, against a store holding the fixture's rows. Typed so a new channel needs one. */
export function validInputs(ids: FixtureIds): Record<ChannelName, Record<string, unknown>> {
  const id = ids.customerId;
  return {
    'app.info': {},
    'auth.status': {},
    'auth.users': {},
    // Refused (CONFLICT) on a store that has users, for everyone alike.
    'auth.setup': { name: 'Otra', pin: '5173' },
    'auth.signIn': { userId: ids.userId, pin: TEST_PIN },
    'auth.lock': {},
    'auth.signOut': {},
    'auth.touch': {},
    'auth.changePin': { currentPin: ids.callerPin ?? TEST_PIN, newPin: '6284', confirmPin: '6284' },
    'users.names': {},
    'users.list': {},
    'users.add': { name: 'Eva', role: 'cashier', readOnly: true, pin: '5173' },
    'users.update': { id: ids.userId, role: 'manager' },
    'users.resetPin': { id: ids.userId, pin: '6284' },
    'users.deactivate': { id: ids.userId },
    'users.reactivate': { id: ids.userId },
    'settings.get': {},
    'settings.update': { storeName: 'Otra tienda' },
    'sync.status': {},
    'customers.search': { query: 'ana' },
    'customers.get': { id },
    'customFields.list': {},
    'customFields.save': { key: 'shoe_size', label: 'Talla', type: 'number' },
    'customers.create': {
      kind: 'business',
      company: 'Beto S.A.',
      email: 'beto@example.com',
      paymentTerms: 'net_30',
      addresses: [{ kind: 'billing', line1: 'Calle 50', city: 'Panamá' }],
      contacts: [{ name: 'Beto Ríos', phone: '6987-2222' }],
    },
    'customers.quickAdd': { firstName: 'Caro', phone: '6987-1111' },
    'customers.update': { id, patch: { email: 'ana.rios@example.com' } },
    'customers.deactivate': { id },
    'customers.reactivate': { id },
    'customers.history': { id },
    'customers.setConsent': { id, channel: 'sms', granted: true, source: 'in_store' },
    'customers.consentLog': { id },
    'customers.approve': { id },
    'customers.tags': { prefix: '' },
    'groups.list': {},
    'customers.exportData': { id },
    'groups.save': { name: 'Estudiantes', description: null, requiresApproval: false, discountPercent: 5 },
    'segments.list': {},
    'segments.save': { name: 'Con SMS', filters: { smsConsent: true } },
    'segments.delete': { id: ids.segmentId },
    'products.search': { query: 'caf' },
    'products.save': { sku: 'PAN-1', barcode: null, name: 'Pan de molde', priceMinor: 275 },
    'checkout.scan': { code: '7450000000017' },
    'checkout.complete': { lines: [{ productId: ids.productId, quantity: 3 }], customerId: id, paymentMethod: 'card' },
    'orders.get': { id: ids.orderId },
    'orders.find': { number: ids.orderNumber.toLowerCase() },
    'orders.refund': { id: ids.orderId },
    'orders.assignCustomer': { id: ids.orderId, customerId: id },
    'customers.purchases': { customerId: id },
    'customers.insights': { id },
    'customers.loyalty': { id },
    'loyalty.adjust': { customerId: id, points: 25, reason: 'Compensación por demora' },
    'customers.delete': { id },
    'duplicates.list': {},
    'duplicates.dismiss': { a: id, b: ids.otherId },
    'customers.merge': { winnerId: id, loserId: ids.otherId },
    'customers.anonymise': { id },
    'customers.exportCsv': { query: 'ana', filters: { hasPhone: true } },
    'csv.job': { id: ids.jobId },
    'csv.cancel': { id: ids.jobId },
    'backups.list': {},
    'backups.create': {},
    'backups.configure': { keep: 10 },
    'backups.exportChunk': { name: ids.backupName ?? NO_BACKUP, offset: 0 },
    'backups.importChunk': { offset: 0, data: 'U1FMaXRl' },
    'backups.import': { uploadId: ids.uploadId ?? NO_UPLOAD },
    'backups.restore': { name: ids.backupName ?? NO_BACKUP },
    'customers.importUpload': { offset: 0, data: Buffer.from(FIXTURE_CSV).toString('base64') },
    'customers.importPreview': { uploadId: ids.csvUploadId },
    'customers.importCsv': { uploadId: ids.csvUploadId, mapping: ['firstName', 'phone'], duplicates: 'skip' },
    'twilio.credentials.get': {},
    'twilio.credentials.set': { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, fromNumber: '+14155550100' },
    'twilio.credentials.clear': {},
  };
}
