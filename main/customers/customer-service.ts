import {
  type Customer,
  type CustomerChildren,
  type CustomerCreateInput,
  type CustomerFields,
  type CustomerQuickAddInput,
  type CustomerStatus,
  cleanTags,
  cleanText,
  customerFieldsSchema,
  customerRuleErrors,
} from '../../shared/customers/customer';
import { AppError, type FieldErrors, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { generateMembershipCode } from '../../shared/membership-code';
import { type CountryCode, parsePhone } from '../../shared/phone';
import type { CustomerHistory, CustomerSearchResult } from '../../shared/contract';
import type { ConsentChannel, ConsentEvent, ConsentSource } from '../../shared/customers/consent';
import type { CustomerFilters, CustomerSort } from '../../shared/customers/filters';
import type { SaveGroupInput } from '../../shared/customers/group-input';
import type { CustomerGroup } from '../../shared/customers/groups';
import type { Segment } from '../../shared/customers/segments';
import { conditionErrors } from '../../shared/customers/filter-conditions';
import { consentLog } from '../../db/customers/consent-log';
import { customerFilterSql } from '../../db/customers/customer-filters';
import { getGroupRow, listGroups, suggestTags, tagCounts } from '../../db/customers/customer-groups';
import { customerHistory } from '../../db/customers/customer-history';
import { getSegmentRow, listSegmentRows } from '../../db/customers/segments';
import { type DuplicateProbe, findLikelyDuplicates } from '../../db/customers/customer-duplicates';
import {
  getCustomer,
  getCustomerRow,
  membershipCodeTaken,
  rowToCustomer,
  keepCount,
  listScanning,
  type StatementReader,
  searchCustomers,
} from '../../db/customers/customer-queries';
import type { CustomerExportSpec } from '../../db/customers/customer-export';
import { customerMatchQuery, customerSearchText, customerSortName } from '../../db/customers/customer-search-text';
import { mergedIds } from '../../db/customers/merged-customers';
import type { CustomersTable } from '../../db/schema';
import { customerHasOrders, hasLoyaltyEntries } from '../../db/checkout/orders';
import { eraseAuditValues } from '../../db/audit-erasure';
import { qb, type Sql } from '../../db/sql';
import {
  CREATED_FIELD,
  type Actor,
  baseField,
  ERASED,
  type FieldChange,
  type RowValues,
  type WritePath,
  type WriteTx,
} from '../../db/write-path';
import { listCustomFieldDefinitions } from '../../db/customers/custom-field-definitions';
import { findUser } from '../../db/users';
import { type CustomFieldDefinition, type CustomFieldValue, checkCustomFieldValues } from '../../shared/customers/custom-fields';
import type { SettingsService } from '../settings/settings-service';
import { type ChildRows, childRowErrors, eraseChildren, normaliseChildren, writeChildren } from './customer-children';

/** A customer as an import or the demo store brings it, with what the forms do not set yet. */
export interface SeedCustomer {
  input: CustomerCreateInput;
  status?: CustomerStatus;
  smsConsent?: boolean;
  emailConsent?: boolean;
  createdAt?: string;
}

/** What a bulk write (an import) reads once instead of once per row. */
export interface ImportContext {
  country: CountryCode;
  customFields: CustomFieldDefinition[];
  /** Group id -> whether joining it needs a manager's approval. */
  groups: Map<string, boolean>;
  /** Membership codes given to rows not in the store yet (an import's transaction still committing). */
  reservedCodes?: { has(code: string): boolean; add(code: string): void };
}

/** A new customer checked like the form: its stored columns and child rows. */
export interface CheckedCustomer {
  columns: EditableColumns & RowValues & { custom_fields: string };
  children: ChildRows;
}

export type EditableColumns = Pick<
  CustomersTable,
  | 'kind'
  | 'first_name'
  | 'last_name'
  | 'company'
  | 'email'
  | 'phone'
  | 'phone_raw'
  | 'date_of_birth'
  | 'id_doc_type'
  | 'id_doc_number'
  | 'tax_id'
  | 'external_id'
  | 'language'
  | 'group_id'
  | 'tags'
  | 'notes'
  | 'registration_number'
  | 'business_type'
  | 'industry'
  | 'payment_terms'
  | 'preferred_currency'
  | 'contact_channel'
  | 'do_not_contact'
  | 'owner_id'
>;

interface CustomerSearchInput {
  query: string;
  offset: number;
  limit: number;
  includeInactive: boolean;
  filters: CustomerFilters;
  sort?: CustomerSort;
}

export class CustomerService {
  /** Size of the list per filter set: counting a million rows for every page is too slow. */
  private readonly listCounts = new Map<string, number>();
  /** Moves on whenever the counts are dropped, so a count that was running meanwhile is not kept. */
  private countsEpoch = 0;
  /** Tags in use and how often, for autocomplete; recounted after customers change. */
  private tags: Map<string, number> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly settings: SettingsService,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
    /** The admin's custom fields, to check values against. */
    private readonly customFields: () => CustomFieldDefinition[] = () => listCustomFieldDefinitions(sql),
    /** Where lists under a scanning filter are read (a worker thread); none: on main. */
    private readonly reader?: StatementReader & { readonly available: boolean },
  ) {}

  get(id: string): Customer {
    const customer = getCustomer(this.sql, id);
    if (!customer) throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    return customer;
  }

  search(input: CustomerSearchInput): CustomerSearchResult {
    return searchCustomers(this.sql, this.searchOf(input), this.listCounts);
  }

  /**
   * The customers.search channel: the same answer as `search`, but a list under a filter that
   * reads every row (a "contains" condition, a custom field) is read by the worker, so main
   * keeps answering meanwhile. A typed search reads at most 1,001 matches and stays here.
   */
  searchWithoutBlocking(input: CustomerSearchInput): CustomerSearchResult | Promise<CustomerSearchResult> {
    const search = this.searchOf(input);
    if (!search.filter.scans || customerMatchQuery(input.query) || !this.reader?.available) {
      return searchCustomers(this.sql, search, this.listCounts);
    }
    const epoch = this.countsEpoch;
    return listScanning(this.reader, search, {
      get: (key) => this.listCounts.get(key),
      // A count that was running while customers changed is already out of date.
      set: (key, n) => {
        if (epoch === this.countsEpoch) keepCount(this.listCounts, key, n);
      },
      // A worker that could not read (it stopped, the file is not one it can open) leaves it to main.
    }).catch(() => searchCustomers(this.sql, search, this.listCounts));
  }

  private searchOf(input: CustomerSearchInput) {
    const settings = this.settings.get();
    return {
      ...input,
      phoneE164: parsePhone(input.query, settings.country)?.e164 ?? null,
      filter: this.filterSql(input.filters, settings.timeZone),
      hasStatusFilter: input.filters.status !== undefined,
    };
  }

  /** The filters as SQL, once their custom conditions fit today's fields (errors keyed `conditions.<i>.<part>`). */
  private filterSql(filters: CustomerFilters, timeZone: string) {
    const definitions = filters.conditions?.length ? this.customFields() : [];
    const errors = conditionErrors(filters.conditions, definitions);
    if (Object.keys(errors).length > 0) throw validationError(errors, 'A filter condition is not valid.');
    return customerFilterSql(filters, this.now(), timeZone, definitions);
  }

  /** Called after a committed sale or refund: filters on purchases count again. */
  ordersChanged(): void {
    this.listCounts.clear();
    this.countsEpoch++;
  }

  /** The same customers as `search` finds, uncapped, for a CSV export. */
  exportSpec(input: { query: string; includeInactive: boolean; filters: CustomerFilters }): CustomerExportSpec {
    const settings = this.settings.get();
    return {
      filter: this.filterSql(input.filters, settings.timeZone),
      includeInactive: input.includeInactive || input.filters.status !== undefined,
      match: customerMatchQuery(input.query),
      term: input.query,
      phoneE164: parsePhone(input.query, settings.country)?.e164 ?? null,
    };
  }

  /** Called after a committed write touched customers: list counts are recounted on next use. */
  customersChanged(): void {
    this.listCounts.clear();
    this.countsEpoch++;
    this.tags = null;
  }

  /** Inactive customers keep their history and leave checkout search. */
  setStatus(actor: Actor, id: string, status: CustomerStatus): Customer {
    const before = getCustomerRow(this.sql, id);
    if (!before || before.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    this.writes.write(actor, (tx) => {
      tx.update('customers', id, { status }, { updated_at: tx.timestamp, updated_by: actor.userId });
    });
    return this.get(id);
  }

  /** Record consent given or withdrawn: an event for the log and the current state on the row, together. */
  setConsent(actor: Actor, id: string, change: { channel: ConsentChannel; granted: boolean; source: ConsentSource }): Customer {
    const before = getCustomerRow(this.sql, id);
    if (!before || before.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    if (change.granted && change.channel === 'sms' && !before.phone) {
      throw validationError({ smsConsent: 'consent_needs_phone' }, 'SMS consent needs a phone number.');
    }
    if (change.granted && change.channel === 'email' && !before.email) {
      throw validationError({ emailConsent: 'consent_needs_email' }, 'Email consent needs an email address.');
    }
    const column = change.channel === 'sms' ? 'sms_consent' : 'email_consent';
    if (before[column] === (change.granted ? 1 : 0)) return this.get(id);
    this.writes.write(actor, (tx) => recordConsent(tx, actor, id, change));
    return this.get(id);
  }

  /**
   * Erase a customer who never bought anything (admin only). Their consent log goes with them and
   * the audit keeps who deleted whom and when, but no longer what the record said (ADR 0006).
   */
  delete(actor: Actor, id: string): { deleted: boolean } {
    const before = getCustomerRow(this.sql, id);
    if (!before) throw new AppError('NOT_FOUND', 'This customer does not exist.');
    if (customerHasOrders(this.sql, id) || hasLoyaltyEntries(this.sql, id)) {
      throw new AppError('HAS_PURCHASES', 'This customer has purchase history: deactivate them instead.');
    }
    if (this.sql.first(qb.selectFrom('customers').select('id').where('merged_into', '=', id))) {
      throw new AppError('CONFLICT', 'Other records were merged into this customer; it cannot be deleted.');
    }
    const events = consentLog(this.sql, id);
    this.writes.write(actor, (tx) => {
      // The consent log points at the customer: checked at commit, once both are gone.
      this.sql.db.pragma('defer_foreign_keys = ON');
      eraseChildren(this.sql, tx, [id]);
      tx.delete('customers', id, { erase: true });
      for (const event of events) tx.delete('consent_events', event.id, { erase: true });
      eraseAuditValues(this.sql, [
        { entity: 'customers', ids: [id] },
        { entity: 'consent_events', ids: events.map((e) => e.id) },
      ]);
    });
    return { deleted: true };
  }

  /**
   * The right to erasure: personal fields of the customer (and of anyone merged into them) are
   * erased, consent is withdrawn by events, and the old audit rows and unsent sync operations
   * stop holding the erased values. Kept: the id, membership code, group, status history,
   * consent events and everything that points at the customer (orders and totals).
   */
  anonymise(actor: Actor, id: string): Customer {
    const row = getCustomerRow(this.sql, id);
    if (!row || row.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    const ids = mergedIds(this.sql, id);
    this.writes.write(actor, (tx) => {
      // Superseded, unsent operations would carry the erased values to the server: drop them first.
      tx.operations -= this.sql.db
        .prepare(DROP_ERASED_OPERATIONS)
        .run(JSON.stringify(ids), JSON.stringify(ERASED_COLUMNS)).changes;
      // A creation waiting to be sent carries the whole row: it keeps the fields that are not erased.
      scrubCreations(this.sql, ids, (field) => ERASED_SET.has(field) || field.startsWith('custom_fields.'));
      for (const cid of ids) {
        const before = getCustomerRow(this.sql, cid) as CustomersTable;
        if (before.sms_consent === 1) recordConsent(tx, actor, cid, { channel: 'sms', granted: false, source: 'erasure' });
        if (before.email_consent === 1) recordConsent(tx, actor, cid, { channel: 'email', granted: false, source: 'erasure' });
        const columns: EditableColumns = {
          ...rowToColumns(before),
          first_name: before.kind === 'individual' ? ANONYMISED_NAME : null,
          last_name: null,
          company: before.kind === 'business' ? ANONYMISED_NAME : null,
          email: null,
          phone: null,
          phone_raw: null,
          date_of_birth: null,
          id_doc_number: null,
          id_doc_type: null,
          tax_id: null,
          external_id: null,
          tags: '[]',
          notes: null,
          registration_number: null,
        };
        const customFields = { custom_fields: '{}' };
        tx.update(
          'customers',
          cid,
          { ...columns, ...customFields, status: 'inactive', ...derived(columns, before.membership_code) },
          { updated_at: tx.timestamp, updated_by: actor.userId },
          { redact: ERASED_SET },
        );
      }
      eraseChildren(this.sql, tx, ids);
      scrubAudit(this.sql, ids);
    });
    return this.get(id);
  }

  /** Everything we hold about one customer, for their access request. */
  exportData(id: string) {
    const customer = this.get(id);
    return {
      format: 'clientela.customer-export.v1' as const,
      exportedAt: new Date(this.now()).toISOString(),
      customer,
      consentEvents: consentLog(this.sql, id),
      history: customerHistory(this.sql, id),
    };
  }

  consentLog(id: string): ConsentEvent[] {
    if (!getCustomerRow(this.sql, id)) throw new AppError('NOT_FOUND', 'This customer does not exist.');
    return consentLog(this.sql, id);
  }

  /** A manager lets a pending customer in; anyone else stays as they are. */
  approve(actor: Actor, id: string): Customer {
    const before = getCustomerRow(this.sql, id);
    if (!before || before.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    if (before.status !== 'pending_approval') return this.get(id);
    return this.setStatus(actor, id, 'active');
  }

  segments(): Segment[] {
    return listSegmentRows(this.sql).map((segment) => {
      // A condition on a custom field removed since matches no one until the segment is saved again.
      const valid = Object.keys(conditionErrors(segment.filters.conditions, this.customFields())).length === 0;
      return { ...segment, members: valid ? this.count(segment.filters) : 0 };
    });
  }

  /** Save the filters under a name; saving an existing name (any case) replaces its filters. */
  saveSegment(actor: Actor, input: { name: string; filters: CustomerFilters }): Segment {
    const errors = conditionErrors(input.filters.conditions, this.customFields());
    if (Object.keys(errors).length > 0)
      throw validationError(
        Object.fromEntries(Object.entries(errors).map(([k, v]) => [`filters.${k}`, v])),
        'A filter condition is not valid.',
      );
    const existing = listSegmentRows(this.sql).find((s) => s.name.toLowerCase() === input.name.toLowerCase());
    const id = existing?.id ?? newId();
    this.writes.write(actor, (tx) => {
      if (existing) tx.update('segments', id, { filters: JSON.stringify(input.filters) }, { updated_at: tx.timestamp });
      else
        tx.insert('segments', {
          id,
          name: input.name,
          filters: JSON.stringify(input.filters),
          created_at: tx.timestamp,
          updated_at: tx.timestamp,
        });
    });
    const saved = getSegmentRow(this.sql, id) as NonNullable<ReturnType<typeof getSegmentRow>>;
    return { ...saved, members: this.count(saved.filters) };
  }

  deleteSegment(actor: Actor, id: string): { deleted: boolean } {
    if (!getSegmentRow(this.sql, id)) throw new AppError('NOT_FOUND', 'This segment does not exist.');
    this.writes.write(actor, (tx) => tx.delete('segments', id));
    return { deleted: true };
  }

  private count(filters: CustomerFilters): number {
    return this.search({ query: '', offset: 0, limit: 1, includeInactive: false, filters }).total;
  }

  groups(): CustomerGroup[] {
    return listGroups(this.sql);
  }

  /** Create or edit a group; names are unique whatever their case. */
  saveGroup(actor: Actor, input: SaveGroupInput): CustomerGroup {
    if (input.id && !getGroupRow(this.sql, input.id)) throw new AppError('NOT_FOUND', 'This group does not exist.');
    const clash = listGroups(this.sql).find((g) => g.name.toLowerCase() === input.name.toLowerCase() && g.id !== input.id);
    if (clash) throw validationError({ name: 'name_taken' });
    const id = input.id ?? newId();
    const values = {
      name: input.name,
      description: cleanText(input.description),
      requires_approval: input.requiresApproval ? 1 : 0,
      discount_bp: input.discountPercent === null ? null : Math.round(input.discountPercent * 100),
    };
    this.writes.write(actor, (tx) => {
      if (input.id) tx.update('customer_groups', id, values, { updated_at: tx.timestamp });
      else tx.insert('customer_groups', { id, ...values, created_at: tx.timestamp, updated_at: tx.timestamp });
    });
    return listGroups(this.sql).find((g) => g.id === id) as CustomerGroup;
  }

  tagSuggestions(prefix: string): string[] {
    this.tags ??= tagCounts(this.sql);
    return suggestTags(this.tags, prefix);
  }

  history(id: string): CustomerHistory {
    if (!getCustomerRow(this.sql, id)) throw new AppError('NOT_FOUND', 'This customer does not exist.');
    return customerHistory(this.sql, id);
  }

  quickAdd(actor: Actor, { allowDuplicate, ...input }: CustomerQuickAddInput): Customer {
    return this.insert(actor, { kind: 'individual', ...input }, { requireContact: true, allowDuplicate });
  }

  create(actor: Actor, { allowDuplicate, ...input }: CustomerCreateInput): Customer {
    return this.insert(actor, input, { allowDuplicate });
  }

  update(
    actor: Actor,
    id: string,
    patch: Partial<CustomerFields & CustomerChildren>,
    options: { allowDuplicate?: boolean } = {},
  ): Customer {
    const before = getCustomerRow(this.sql, id);
    if (!before || before.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    const merged = { ...rowToFields(before), ...patch };
    const { columns, children } = this.checked(merged, id, { storedOwner: before.owner_id }, before.custom_fields);
    // A phone nobody touched keeps what was typed, even if the store's country changed since.
    if (patch.phone === undefined) columns.phone_raw = before.phone_raw;
    if (!options.allowDuplicate) {
      // Only what this edit changes can make a new duplicate; old look-alikes were already seen.
      const changed = (next: string | null, previous: string | null) => (next !== previous ? next : null);
      const nameOrBirth =
        columns.first_name !== before.first_name ||
        columns.last_name !== before.last_name ||
        columns.date_of_birth !== before.date_of_birth;
      this.refuseDuplicates(
        {
          phone: changed(columns.phone, before.phone),
          email: changed(columns.email, before.email),
          idDocNumber: changed(columns.id_doc_number, before.id_doc_number),
          taxId: changed(columns.tax_id, before.tax_id),
          firstName: nameOrBirth ? columns.first_name : null,
          lastName: nameOrBirth ? columns.last_name : null,
          dateOfBirth: nameOrBirth ? columns.date_of_birth : null,
        },
        id,
      );
    }
    this.writes.write(actor, (tx) => this.writeUpdate(tx, actor, before, columns, children));
    return this.get(id);
  }

  /**
   * An edit inside a caller's transaction (an import row), without the duplicate check: the
   * caller has decided. Throws VALIDATION before writing anything.
   */
  updateInTx(tx: WriteTx, actor: Actor, id: string, patch: Partial<CustomerFields & CustomerChildren>): void {
    const before = getCustomerRow(this.sql, id);
    if (!before || before.merged_into)
      throw new AppError('NOT_FOUND', 'This customer does not exist (it may have been merged or deleted).');
    const { columns, children } = this.checked(
      { ...rowToFields(before), ...patch },
      id,
      { storedOwner: before.owner_id },
      before.custom_fields,
    );
    // The same number written another way (an export's E.164) keeps what was first typed.
    if (patch.phone === undefined || columns.phone === before.phone) columns.phone_raw = before.phone_raw;
    this.writeUpdate(tx, actor, before, columns, children);
  }

  private writeUpdate(
    tx: WriteTx,
    actor: Actor,
    before: CustomersTable,
    columns: EditableColumns & RowValues,
    children: ChildRows,
  ): void {
    const id = before.id;
    // Joining a group that needs approval puts an active customer back in the queue.
    const joinsApprovalGroup = columns.group_id !== before.group_id && this.requiresApproval(columns.group_id);
    const status: RowValues = joinsApprovalGroup && before.status === 'active' ? { status: 'pending_approval' } : {};
    tx.update(
      'customers',
      id,
      { ...columns, ...status, ...derived(columns, before.membership_code) },
      { updated_at: tx.timestamp, updated_by: actor.userId },
    );
    writeChildren(this.sql, tx, id, children);
    // Consent to a channel we can no longer reach is withdrawn, and the log says why.
    if (before.sms_consent === 1 && !columns.phone)
      recordConsent(tx, actor, id, { channel: 'sms', granted: false, source: 'system' });
    if (before.email_consent === 1 && !columns.email)
      recordConsent(tx, actor, id, { channel: 'email', granted: false, source: 'system' });
  }

  private insert(
    actor: Actor,
    input: CustomerCreateInput,
    options: { requireContact?: boolean; allowDuplicate?: boolean | undefined },
  ): Customer {
    const { columns, children } = this.checked(input, null, options);
    if (!options.allowDuplicate) this.refuseDuplicates(duplicateProbe(columns), null);
    const [id] = this.insertRows(actor, [{ item: { input }, columns, children }]);
    return this.get(id as string);
  }

  /** DUPLICATE, with the look-alikes, unless the user already chose to save anyway. */
  private refuseDuplicates(probe: DuplicateProbe, excludeId: string | null): void {
    const duplicates = findLikelyDuplicates(this.sql, probe, excludeId);
    if (duplicates.length > 0) {
      throw new AppError('DUPLICATE', 'This looks like a customer we already have.', undefined, duplicates);
    }
  }

  /**
   * Create several customers in one transaction (imports, the demo store):
   * any invalid one throws and none is written.
   */
  createMany(actor: Actor, items: SeedCustomer[], options: { requireContact?: boolean } = {}): string[] {
    const context = this.importContext();
    return this.insertRows(
      actor,
      items.map((item) => ({ item, ...this.checked(item.input, null, options, '{}', context) })),
      context,
    );
  }

  private insertRows(actor: Actor, rows: (CheckedCustomer & { item: SeedCustomer })[], context?: ImportContext): string[] {
    return this.writes.write(actor, (tx) => this.insertManyInTx(tx, actor, rows, context));
  }

  /** The store's country, custom fields and groups, read once for a batch of rows. */
  importContext(): ImportContext {
    return {
      country: this.settings.get().country,
      customFields: this.customFields(),
      groups: new Map(listGroups(this.sql).map((g) => [g.id, g.requiresApproval])),
    };
  }

  /** A new customer (an import row) checked like the form: VALIDATION naming every field at fault, nothing written. */
  checkNew(input: CustomerCreateInput, context: ImportContext): CheckedCustomer {
    return this.checked(input, null, {}, '{}', context);
  }

  /**
   * New customers inside a caller's transaction, already checked: the same rows, audit and
   * operations as one insert each (in the same order), with the audit and operations of
   * consecutive rows without child rows written in bulk.
   */
  insertManyInTx(
    tx: WriteTx,
    actor: Actor,
    rows: readonly (CheckedCustomer & { item?: SeedCustomer; id?: string })[],
    context?: ImportContext,
  ): string[] {
    const ids: string[] = [];
    let run: RowValues[] = [];
    for (const { item, columns, children, id: given } of rows) {
      const id = given ?? newId();
      ids.push(id);
      run.push(this.newRow(tx, actor, id, item ?? { input: {} }, columns, context));
      if (children.addresses || children.contacts) {
        tx.insertMany('customers', run);
        run = [];
        writeChildren(this.sql, tx, id, children);
      }
    }
    if (run.length > 0) tx.insertMany('customers', run);
    return ids;
  }

  /** The store's country: how phones without a country code are read. */
  country(): CountryCode {
    return this.settings.get().country;
  }

  private newRow(
    tx: WriteTx,
    actor: Actor,
    id: string,
    item: SeedCustomer,
    columns: EditableColumns & { custom_fields: string },
    context?: ImportContext,
  ): RowValues {
    const code = this.uniqueMembershipCode(context?.reservedCodes);
    const createdAt = item.createdAt ?? tx.timestamp;
    const needsApproval = context
      ? columns.group_id !== null && context.groups.get(columns.group_id) === true
      : this.requiresApproval(columns.group_id);
    return {
      id,
      ...columns,
      owner_id: columns.owner_id ?? actor.userId,
      membership_code: code,
      status: item.status ?? (needsApproval ? 'pending_approval' : 'active'),
      sms_consent: item.smsConsent && columns.phone ? 1 : 0,
      email_consent: item.emailConsent && columns.email ? 1 : 0,
      created_at: createdAt,
      updated_at: createdAt,
      created_by: actor.userId,
      updated_by: actor.userId,
      ...derived(columns, code),
    };
  }

  /** The row's columns and its child rows, or VALIDATION naming every field (and row field) at fault. */
  private checked(
    input: CustomerCreateInput,
    customerId: string | null,
    /** storedOwner: the owner as stored; a different one must be an active user of this store. */
    options: { requireContact?: boolean; storedOwner?: string | null },
    storedCustomFields = '{}',
    context?: ImportContext,
  ): CheckedCustomer {
    const country = context?.country ?? this.settings.get().country;
    const custom = checkCustomFieldValues(context?.customFields ?? this.customFields(), input.customFields ?? {}, {
      complete: customerId === null,
    });
    const errors: FieldErrors = {
      ...customerRuleErrors(input, country, options),
      ...childRowErrors(this.sql, customerId, input, country),
      ...custom.errors,
      ...this.ownerErrors(input.ownerId, options.storedOwner ?? null),
    };
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return {
      columns: {
        ...this.columnsOf(input, country, context),
        custom_fields: customFieldsJson({ ...JSON.parse(storedCustomFields), ...custom.values }),
      },
      children: normaliseChildren(input, country),
    };
  }

  /** Normalise what was typed into stored columns, or throw VALIDATION with every field at fault. */
  toColumns(input: CustomerCreateInput, options: { requireContact?: boolean } = {}): EditableColumns & RowValues {
    const country = this.settings.get().country;
    const errors = customerRuleErrors(input, country, options);
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return this.columnsOf(input, country);
  }

  /** The stored columns of input that passed `customerRuleErrors`. */
  private columnsOf(input: CustomerCreateInput, country: CountryCode, context?: ImportContext): EditableColumns & RowValues {
    const rawPhone = cleanText(input.phone);
    const phone = rawPhone ? parsePhone(rawPhone, country) : null;
    return {
      kind: input.kind ?? 'individual',
      first_name: cleanText(input.firstName),
      last_name: cleanText(input.lastName),
      company: cleanText(input.company),
      email: cleanText(input.email)?.toLowerCase() ?? null,
      phone: phone?.e164 ?? null,
      phone_raw: phone?.raw ?? null,
      date_of_birth: cleanText(input.dateOfBirth),
      id_doc_type: input.idDocType ?? null,
      id_doc_number: cleanText(input.idDocNumber)?.toUpperCase() ?? null,
      tax_id: cleanText(input.taxId)?.toUpperCase() ?? null,
      external_id: cleanText(input.externalId),
      language: input.language ?? null,
      group_id: this.knownGroup(input.groupId ?? null, context),
      tags: JSON.stringify(cleanTags(input.tags)),
      notes: cleanText(input.notes),
      registration_number: cleanText(input.registrationNumber),
      business_type: input.businessType ?? null,
      industry: cleanText(input.industry),
      payment_terms: input.paymentTerms ?? null,
      preferred_currency: cleanText(input.preferredCurrency)?.toUpperCase() ?? null,
      contact_channel: input.contactChannel ?? null,
      do_not_contact: input.doNotContact ? 1 : 0,
      owner_id: cleanText(input.ownerId),
    };
  }

  /** A new owner must be an active user here; one set before (by another device, or since deactivated) may stay. */
  private ownerErrors(ownerId: string | null | undefined, stored: string | null): FieldErrors {
    const owner = cleanText(ownerId);
    if (owner === null || owner === stored) return {};
    return findUser(this.sql, owner)?.active === 1 ? {} : { ownerId: 'unknown_user' };
  }

  private knownGroup(groupId: string | null, context?: ImportContext): string | null {
    const known = (id: string) => (context ? context.groups.has(id) : getGroupRow(this.sql, id) !== undefined);
    if (groupId && !known(groupId)) throw validationError({ groupId: 'unknown_group' });
    return groupId;
  }

  private requiresApproval(groupId: string | null): boolean {
    return groupId !== null && getGroupRow(this.sql, groupId)?.requires_approval === 1;
  }

  private uniqueMembershipCode(reserved?: ImportContext['reservedCodes']): string {
    for (;;) {
      const code = generateMembershipCode(this.random);
      if (reserved?.has(code) || membershipCodeTaken(this.sql, code)) continue;
      reserved?.add(code);
      return code;
    }
  }
}

/**
 * Unsent operations that would carry erased values to the server, by the outbox's row index: the
 * customers' (JSON array of ids) changes of erased fields (JSON array of columns) and custom fields.
 */
export const DROP_ERASED_OPERATIONS = `DELETE FROM outbox WHERE table_name = 'customers'
  AND row_id IN (SELECT value FROM json_each(?))
  AND (field IN (SELECT value FROM json_each(?)) OR substr(field, 1, 14) = 'custom_fields.')`;

/** The unsent creations of these customers (JSON array of ids), by the outbox's row index. */
export const UNSENT_CREATIONS = `SELECT op_id, value FROM outbox WHERE table_name = 'customers'
  AND field = '${CREATED_FIELD}' AND row_id IN (SELECT value FROM json_each(?))`;

/** Take the fields `erased` names out of the unsent creations of these customers (ADR 0015). */
function scrubCreations(sql: Sql, ids: readonly string[], erased: (field: string) => boolean): void {
  const creations = sql.db.prepare(UNSENT_CREATIONS);
  const rewrite = sql.db.prepare('UPDATE outbox SET value = ? WHERE op_id = ?');
  for (const { op_id, value } of creations.all(JSON.stringify(ids)) as { op_id: string; value: string }[]) {
    const fields = JSON.parse(value) as Record<string, unknown>;
    const kept = Object.fromEntries(Object.entries(fields).filter(([field]) => !erased(field)));
    rewrite.run(JSON.stringify(kept), op_id);
  }
}

/** What an anonymised customer is called. */
export const ANONYMISED_NAME = 'Anonymised';
/** Personal columns: erased by anonymise, and scrubbed from the audit log and unsent operations. */
const ERASED_COLUMNS = [
  'first_name',
  'last_name',
  'company',
  'email',
  'phone',
  'phone_raw',
  'date_of_birth',
  'id_doc_type',
  'id_doc_number',
  'tax_id',
  'external_id',
  'tags',
  'notes',
  'registration_number',
  'custom_fields',
] as const;
const ERASED_SET = new Set<string>(ERASED_COLUMNS);
/** What anonymise itself writes: not personal. */
const KEPT_VALUES = new Set<unknown>([ANONYMISED_NAME, '[]']);

/** Old audit rows of erased customers keep that a field changed, not what it held; merge snapshots keep only the id. */
function scrubAudit(sql: Sql, ids: string[]): void {
  const rows = sql.raw<{ id: string; changes: string }>(
    `SELECT id, changes FROM audit_log WHERE entity = 'customers' AND entity_id IN (${ids.map(() => '?').join(', ')})`,
    ...ids,
  );
  const update = sql.db.prepare('UPDATE audit_log SET changes = ? WHERE id = ?');
  const erase = (v: unknown) => (v === null || v === undefined ? v : ERASED);
  for (const row of rows) {
    const changes = JSON.parse(row.changes) as FieldChange[];
    const scrubbed = changes.map((c) => {
      if (ERASED_SET.has(baseField(c.field)))
        return { ...c, old: erase(c.old), new: KEPT_VALUES.has(c.new) ? c.new : erase(c.new) };
      if (c.field === 'merged_from') return { ...c, new: { id: (c.new as { id?: string } | null)?.id ?? null, record: ERASED } };
      return c;
    });
    const text = JSON.stringify(scrubbed);
    if (text !== row.changes) update.run(text, row.id);
  }
}

function rowToColumns(row: CustomersTable): EditableColumns {
  return {
    kind: row.kind,
    first_name: row.first_name,
    last_name: row.last_name,
    company: row.company,
    email: row.email,
    phone: row.phone,
    phone_raw: row.phone_raw,
    date_of_birth: row.date_of_birth,
    id_doc_type: row.id_doc_type,
    id_doc_number: row.id_doc_number,
    tax_id: row.tax_id,
    external_id: row.external_id,
    language: row.language,
    group_id: row.group_id,
    tags: row.tags,
    notes: row.notes,
    registration_number: row.registration_number,
    business_type: row.business_type,
    industry: row.industry,
    payment_terms: row.payment_terms,
    preferred_currency: row.preferred_currency,
    contact_channel: row.contact_channel,
    do_not_contact: row.do_not_contact,
    owner_id: row.owner_id,
  };
}

export function recordConsent(
  tx: WriteTx,
  actor: Actor,
  customerId: string,
  change: { channel: ConsentChannel; granted: boolean; source: ConsentSource },
): void {
  tx.insert('consent_events', {
    id: newId(),
    customer_id: customerId,
    channel: change.channel,
    granted: change.granted ? 1 : 0,
    source: change.source,
    user_id: actor.userId,
    device_id: actor.deviceId,
    at: tx.timestamp,
  });
  tx.update(
    'customers',
    customerId,
    { [change.channel === 'sms' ? 'sms_consent' : 'email_consent']: change.granted ? 1 : 0 },
    { updated_at: tx.timestamp, updated_by: actor.userId },
  );
}

function duplicateProbe(c: EditableColumns): DuplicateProbe {
  return {
    phone: c.phone,
    email: c.email,
    idDocNumber: c.id_doc_number,
    taxId: c.tax_id,
    firstName: c.first_name,
    lastName: c.last_name,
    dateOfBirth: c.date_of_birth,
  };
}

export function derived(c: EditableColumns, membershipCode: string): { search_text: string; sort_name: string } {
  return {
    search_text: customerSearchText({
      firstName: c.first_name,
      lastName: c.last_name,
      company: c.company,
      email: c.email,
      phone: c.phone,
      idDocNumber: c.id_doc_number,
      taxId: c.tax_id,
      registrationNumber: c.registration_number,
      externalId: c.external_id,
      membershipCode,
    }),
    sort_name: customerSortName({ kind: c.kind, firstName: c.first_name, lastName: c.last_name, company: c.company }),
  };
}

/** The editable fields of a stored customer (phone as E.164: it parses the same whatever the store's country). */
export function rowToFields(row: CustomersTable): CustomerFields {
  const customer = rowToCustomer(row, null);
  const keys = Object.keys(customerFieldsSchema.shape) as (keyof CustomerFields)[];
  return Object.fromEntries(keys.map((key) => [key, customer[key]])) as CustomerFields;
}

/** Stored form of custom values: keys sorted (so equal values compare equal), cleared keys left out. */
export function customFieldsJson(values: Record<string, CustomFieldValue | null | undefined>): string {
  const kept = Object.keys(values)
    .sort()
    .filter((k) => values[k] !== null && values[k] !== undefined)
    .map((k) => [k, values[k]]);
  return JSON.stringify(Object.fromEntries(kept));
}
