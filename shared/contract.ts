import { z } from 'zod';
import {
  customerChildrenSchema,
  customerCreateSchema,
  customerFieldsSchema,
  customerQuickAddSchema,
  customerSchema,
  customerSummarySchema,
} from './customers/customer';
import { consentEventSchema, setConsentInput } from './customers/consent';
import { customFieldDefinitionSchema, saveCustomFieldInput } from './customers/custom-fields';
import { csvJobIdInput, csvJobSchema, customerCsvExportInput } from './customers/csv';
import {
  importPreviewInput,
  importPreviewOutput,
  importStartInput,
  importUploadInput,
  importUploadOutput,
} from './customers/csv-import';
import { CUSTOMER_SORTS, customerFiltersSchema } from './customers/filters';
import { saveGroupInput } from './customers/group-input';
import { customerGroupSchema, tagSuggestionsInput } from './customers/groups';
import { dismissDuplicateInput, duplicatePairsInput, duplicatePairsOutput, mergeInput } from './customers/duplicates';
import { saveSegmentInput, segmentSchema } from './customers/segments';
import {
  assignCustomerInput,
  checkoutCompleteInput,
  insightsSchema,
  loyaltyAdjustInput,
  orderFindInput,
  loyaltyOutput,
  orderRefundInput,
  orderSchema,
  purchasesInput,
  purchasesOutput,
  scanInput,
  scanResultSchema,
} from './checkout/order';
import { productSaveInput, productSchema, productSearchInput } from './checkout/product';
import {
  addUserInput,
  authStatusSchema,
  changePinInput,
  resetPinInput,
  setupInput,
  signInInput,
  updateUserInput,
  userSchema,
  userTileSchema,
} from './auth';
import type { Permission } from './permissions';
import { storeSettingsSchema } from './settings';
import { twilioCredentialsInput, twilioCredentialsSchema } from './twilio';
import {
  backupExportChunkInput,
  backupExportChunkOutput,
  backupImportChunkInput,
  backupImportChunkOutput,
  backupImportInput,
  backupInfoSchema,
  backupListOutput,
  backupNameInput,
  backupRestoreOutput,
  backupSettingsInput,
} from './backups';

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  permission: Permission;
}

const noInput = z.strictObject({});
const idInput = z.strictObject({ id: z.uuid('invalid') });

export const SEARCH_MAX_LIMIT = 200;

export const customerSearchInput = z.strictObject({
  query: z.string('invalid').max(200, 'too_long'),
  offset: z.number('invalid').int('invalid').min(0, 'invalid').max(10_000_000, 'invalid').default(0),
  limit: z.number('invalid').int('invalid').min(1, 'invalid').max(SEARCH_MAX_LIMIT, 'invalid').default(50),
  includeInactive: z.boolean('invalid').default(false),
  filters: customerFiltersSchema.default({}),
  sort: z.enum(CUSTOMER_SORTS, 'invalid').default('name'),
});
export type CustomerSearchInput = z.input<typeof customerSearchInput>;

export const customerSearchOutput = z.object({
  items: z.array(customerSummarySchema),
  /** Customers that match; when capped, at least this many. */
  total: z.number().int().min(0),
  capped: z.boolean(),
});
export type CustomerSearchResult = z.infer<typeof customerSearchOutput>;

export const customerHistoryOutput = z.array(
  z.object({
    id: z.string(),
    /** What changed: the customer's own fields, or one of its addresses or contacts. */
    subject: z.enum(['customer', 'address', 'contact']),
    subjectId: z.string(),
    at: z.string(),
    userId: z.string(),
    deviceId: z.string(),
    action: z.enum(['create', 'update', 'delete']),
    changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
  }),
);
export type CustomerHistory = z.infer<typeof customerHistoryOutput>;

export const appInfoOutput = z.object({
  version: z.string(),
  deviceId: z.string(),
  transport: z.enum(['electron', 'web']),
  settings: storeSettingsSchema,
});
export type AppInfo = z.infer<typeof appInfoOutput>;

export const syncStatusOutput = z.object({
  /** No sync server is configured yet on this device. */
  configured: z.boolean(),
  online: z.boolean(),
  pending: z.number().int().min(0),
});
export type SyncStatus = z.infer<typeof syncStatusOutput>;

/** Every channel, declared once: its input, its output and who may call it. */
export const channels = {
  // Callable signed out ('app.open'): the first-run and sign-in screens, and the store's locale.
  'app.info': { input: noInput, output: appInfoOutput, permission: 'app.open' },
  'auth.status': { input: noInput, output: authStatusSchema, permission: 'app.open' },
  'auth.users': { input: noInput, output: z.array(userTileSchema), permission: 'app.open' },
  'auth.setup': { input: setupInput, output: authStatusSchema, permission: 'app.open' },
  'auth.signIn': { input: signInInput, output: authStatusSchema, permission: 'app.open' },
  'auth.lock': { input: noInput, output: authStatusSchema, permission: 'app.open' },
  'auth.signOut': { input: noInput, output: authStatusSchema, permission: 'app.open' },
  /** The person is still at the till (a touch or a key the renderer saw): the session's idle time starts over. */
  'auth.touch': { input: noInput, output: authStatusSchema, permission: 'app.open' },
  /** Anyone signed in, read-only too, changes their own PIN. */
  'auth.changePin': { input: changePinInput, output: authStatusSchema, permission: 'app.read' },
  /** Who wrote what: every user's name by id, deactivated ones too, for histories and logs. */
  /** Every user's name (histories name them), and whether they are active (who may own a customer). */
  'users.names': {
    input: noInput,
    output: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
    permission: 'app.read',
  },
  'users.list': { input: noInput, output: z.array(userSchema), permission: 'users.manage' },
  'users.add': { input: addUserInput, output: userSchema, permission: 'users.manage' },
  'users.update': { input: updateUserInput, output: userSchema, permission: 'users.manage' },
  'users.resetPin': { input: resetPinInput, output: userSchema, permission: 'users.manage' },
  'users.deactivate': { input: idInput, output: userSchema, permission: 'users.manage' },
  'users.reactivate': { input: idInput, output: userSchema, permission: 'users.manage' },
  'settings.get': { input: noInput, output: storeSettingsSchema, permission: 'settings.read' },
  'settings.update': { input: storeSettingsSchema.partial(), output: storeSettingsSchema, permission: 'settings.manage' },
  'customers.search': { input: customerSearchInput, output: customerSearchOutput, permission: 'customers.read' },
  'customers.get': { input: idInput, output: customerSchema, permission: 'customers.read' },
  /** The full wizard: a manager's job. A cashier quick-adds (name + phone or email). */
  'customers.create': { input: customerCreateSchema, output: customerSchema, permission: 'customers.manage' },
  'customers.quickAdd': { input: customerQuickAddSchema, output: customerSchema, permission: 'customers.create' },
  'customers.update': {
    input: z.strictObject({
      id: z.uuid('invalid'),
      patch: customerFieldsSchema.partial().extend(customerChildrenSchema.partial().shape),
      allowDuplicate: z.boolean('invalid').optional(),
    }),
    output: customerSchema,
    permission: 'customers.edit',
  },
  'customers.deactivate': { input: idInput, output: customerSchema, permission: 'customers.manage' },
  'customers.reactivate': { input: idInput, output: customerSchema, permission: 'customers.manage' },
  'customers.history': { input: idInput, output: customerHistoryOutput, permission: 'customers.read' },
  'customers.approve': { input: idInput, output: customerSchema, permission: 'customers.manage' },
  'customers.tags': { input: tagSuggestionsInput, output: z.array(z.string()), permission: 'customers.read' },
  'groups.list': { input: noInput, output: z.array(customerGroupSchema), permission: 'customers.read' },
  'customers.exportData': {
    input: idInput,
    output: z.object({
      format: z.literal('clientela.customer-export.v1'),
      exportedAt: z.string(),
      customer: customerSchema,
      consentEvents: z.array(consentEventSchema),
      history: customerHistoryOutput,
    }),
    permission: 'customers.manage',
  },
  'groups.save': { input: saveGroupInput, output: customerGroupSchema, permission: 'customers.manage' },
  'segments.list': { input: noInput, output: z.array(segmentSchema), permission: 'customers.read' },
  'segments.save': { input: saveSegmentInput, output: segmentSchema, permission: 'customers.manage' },
  'segments.delete': { input: idInput, output: z.object({ deleted: z.boolean() }), permission: 'customers.manage' },
  'customers.setConsent': { input: setConsentInput, output: customerSchema, permission: 'customers.edit' },
  'customers.consentLog': { input: idInput, output: z.array(consentEventSchema), permission: 'customers.read' },
  'sync.status': { input: noInput, output: syncStatusOutput, permission: 'app.read' },
  'products.search': { input: productSearchInput, output: z.array(productSchema), permission: 'products.read' },
  'products.save': { input: productSaveInput, output: productSchema, permission: 'products.manage' },
  'checkout.scan': { input: scanInput, output: scanResultSchema, permission: 'checkout.sell' },
  'checkout.complete': { input: checkoutCompleteInput, output: orderSchema, permission: 'checkout.sell' },
  'orders.get': { input: idInput, output: orderSchema, permission: 'orders.read' },
  'orders.find': { input: orderFindInput, output: orderSchema, permission: 'orders.read' },
  'orders.refund': { input: orderRefundInput, output: orderSchema, permission: 'orders.refund' },
  'orders.assignCustomer': { input: assignCustomerInput, output: orderSchema, permission: 'checkout.sell' },
  'customers.purchases': { input: purchasesInput, output: purchasesOutput, permission: 'customers.read' },
  'customers.insights': { input: idInput, output: insightsSchema, permission: 'customers.read' },
  'customers.loyalty': { input: idInput, output: loyaltyOutput, permission: 'customers.read' },
  'loyalty.adjust': { input: loyaltyAdjustInput, output: loyaltyOutput, permission: 'loyalty.manage' },
  'customers.delete': { input: idInput, output: z.object({ deleted: z.boolean() }), permission: 'customers.delete' },
  // Last: the fuzz test's random calls may anonymise its shared customer.
  'duplicates.list': { input: duplicatePairsInput, output: duplicatePairsOutput, permission: 'customers.manage' },
  'duplicates.dismiss': {
    input: dismissDuplicateInput,
    output: z.object({ dismissed: z.boolean() }),
    permission: 'customers.manage',
  },
  'customers.merge': { input: mergeInput, output: customerSchema, permission: 'customers.manage' },
  'customers.anonymise': { input: idInput, output: customerSchema, permission: 'customers.manage' },
  'customFields.list': { input: noInput, output: z.array(customFieldDefinitionSchema), permission: 'customers.read' },
  'customFields.save': { input: saveCustomFieldInput, output: customFieldDefinitionSchema, permission: 'settings.manage' },
  'customers.exportCsv': { input: customerCsvExportInput, output: csvJobSchema, permission: 'customers.manage' },
  'csv.job': { input: csvJobIdInput, output: csvJobSchema, permission: 'customers.manage' },
  'csv.cancel': { input: csvJobIdInput, output: csvJobSchema, permission: 'customers.manage' },
  'backups.list': { input: noInput, output: backupListOutput, permission: 'backups.manage' },
  'backups.create': { input: noInput, output: backupInfoSchema, permission: 'backups.manage' },
  'backups.configure': { input: backupSettingsInput, output: backupListOutput, permission: 'backups.manage' },
  'backups.exportChunk': { input: backupExportChunkInput, output: backupExportChunkOutput, permission: 'backups.manage' },
  'backups.importChunk': { input: backupImportChunkInput, output: backupImportChunkOutput, permission: 'backups.manage' },
  'backups.import': { input: backupImportInput, output: backupInfoSchema, permission: 'backups.manage' },
  // Last: it replaces the whole store.
  'backups.restore': { input: backupNameInput, output: backupRestoreOutput, permission: 'backups.manage' },
  'customers.importUpload': { input: importUploadInput, output: importUploadOutput, permission: 'customers.manage' },
  'customers.importPreview': { input: importPreviewInput, output: importPreviewOutput, permission: 'customers.manage' },
  'customers.importCsv': { input: importStartInput, output: csvJobSchema, permission: 'customers.manage' },
  // The token goes in, never out: these answer whether one is saved (ADR 0014).
  'twilio.credentials.get': { input: noInput, output: twilioCredentialsSchema, permission: 'secrets.manage' },
  'twilio.credentials.set': { input: twilioCredentialsInput, output: twilioCredentialsSchema, permission: 'secrets.manage' },
  'twilio.credentials.clear': { input: noInput, output: twilioCredentialsSchema, permission: 'secrets.manage' },
} as const satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** Events main pushes to every window. */
export const events = {
  'customers.changed': z.object({ ids: z.array(z.string()) }),
  /** Catalogue edits, so an open till re-reads prices. */
  'products.changed': z.object({ ids: z.array(z.string()) }),
  /** Sales, refunds and re-assignments; `customerIds` are the customers whose history moved. */
  'orders.changed': z.object({ ids: z.array(z.string()), customerIds: z.array(z.string()) }),
  'sync.status': syncStatusOutput,
  /** A CSV export or import moved on (at most every 200 ms) or ended. */
  'csv.progress': csvJobSchema,
  /** A backup was made (by hand, daily, before a migration or restore): Settings lists it. */
  'backups.created': z.object({ name: z.string() }),
  /** The store was replaced by a backup: every window starts over from it. */
  'app.restored': z.object({ at: z.string() }),
} as const;
export type Events = { [E in keyof typeof events]: z.infer<(typeof events)[E]> };
export type EventName = keyof Events;

/** The request envelope, the same over Electron IPC and the web host. */
export interface Transport {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Where the browser downloads a finished CSV job's file from (null: this transport has none). */
  jobFileUrl?(id: string): string | null;
}
