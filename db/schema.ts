/** The one place where tables are typed (kysely). Columns are as SQLite stores them. */
export interface CustomersTable {
  id: string;
  kind: 'individual' | 'business';
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
  phone_raw: string | null;
  date_of_birth: string | null;
  id_doc_type: string | null;
  id_doc_number: string | null;
  tax_id: string | null;
  external_id: string | null;
  membership_code: string;
  language: string | null;
  group_id: string | null;
  /** JSON array of tag strings. */
  tags: string;
  notes: string | null;
  status: 'active' | 'inactive' | 'pending_approval';
  sms_consent: number;
  email_consent: number;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  merged_into: string | null;
  registration_number: string | null;
  business_type: string | null;
  industry: string | null;
  payment_terms: string | null;
  preferred_currency: string | null;
  contact_channel: string | null;
  do_not_contact: number;
  owner_id: string | null;
  /** JSON object: custom field key -> value (keys sorted); audited and synced key by key. */
  custom_fields: string;
  /** Derived on write: what the FTS index holds (folded words, phone digit runs). */
  search_text: string;
  /** Derived on write: folded "last first" or company, for sorting the list. */
  sort_name: string;
}

/** A customer's address; at most one default per (customer, kind). */
export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  kind: 'billing' | 'shipping' | 'other';
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string | null;
  /** ISO 3166 alpha-2. */
  country: string;
  is_default: number;
  position: number;
  created_at: string;
  updated_at: string;
}

/** A person to talk to at a business customer. */
export interface CustomerContactsTable {
  id: string;
  customer_id: string;
  name: string;
  role: string | null;
  /** E.164. */
  phone: string | null;
  phone_raw: string | null;
  email: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

/** A customer field the admin defined. */
export interface CustomFieldDefinitionsTable {
  id: string;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  /** JSON array of the choices. */
  options: string;
  required: number;
  active: number;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface CustomerGroupsTable {
  id: string;
  name: string;
  description: string | null;
  requires_approval: number;
  /** Discount in basis points (1000 = 10 %). */
  discount_bp: number | null;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  price_minor: number;
  currency: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ConsentEventsTable {
  id: string;
  customer_id: string;
  channel: 'sms' | 'email';
  granted: number;
  source: string;
  user_id: string;
  device_id: string;
  at: string;
}

export interface SegmentsTable {
  id: string;
  name: string;
  /** JSON of CustomerFilters. */
  filters: string;
  created_at: string;
  updated_at: string;
}

export interface OrdersTable {
  id: string;
  /** Device prefix + per-device counter, e.g. "K7QF-000123". */
  number: string;
  kind: 'sale' | 'refund';
  refund_of: string | null;
  customer_id: string | null;
  payment_method: 'cash' | 'card' | 'other';
  currency: string;
  group_discount_bp: number;
  /** Positive on sales and refunds alike. */
  subtotal_minor: number;
  discount_minor: number;
  redeem_minor: number;
  total_minor: number;
  reason: string | null;
  created_at: string;
  created_by: string;
  device_id: string;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  /** Copied from the catalogue at the time of sale. */
  sku: string;
  name: string;
  unit_price_minor: number;
  quantity: number;
  subtotal_minor: number;
  discount_minor: number;
  redeem_minor: number;
  total_minor: number;
  refund_of_line: string | null;
}

export interface LoyaltyEntriesTable {
  id: string;
  customer_id: string;
  kind: 'earn' | 'redeem' | 'earn_reversal' | 'redeem_restore' | 'adjust' | 'assign_earn';
  points: number;
  order_id: string | null;
  reason: string | null;
  user_id: string;
  device_id: string;
  at: string;
}

/** A pair a manager said is not the same customer: customer_a < customer_b. */
export interface DuplicateDismissalsTable {
  id: string;
  customer_a: string;
  customer_b: string;
  created_at: string;
  created_by: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: string;
  entity: string;
  entity_id: string;
  action: 'create' | 'update' | 'delete';
  /** JSON: [{field, old, new}] */
  changes: string;
  user_id: string;
  device_id: string;
  at: string;
  /** The row a child row belongs to (an address's customer), so the parent's history finds it. */
  parent_id: string | null;
}

export interface OutboxTable {
  op_id: string;
  hlc: string;
  device_id: string;
  table_name: string;
  row_id: string;
  field: string;
  /** JSON-encoded value; a row deletion is field "_deleted" with value true. */
  value: string;
  created_at: string;
}

/** Local to this device: never synced (ADR 0012). */
export interface UsersTable {
  id: string;
  name: string;
  role: 'admin' | 'manager' | 'cashier';
  read_only: number;
  /** `scrypt$N,r,p$salt$hash` (base64url): the parameters travel with the hash. */
  pin_hash: string;
  failed_attempts: number;
  /** Epoch ms until which sign-in is refused, or null. */
  locked_until: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DeviceTable {
  id: number;
  device_id: string;
  hlc: string;
  /** The last order number this device gave out. */
  order_seq: number;
}

/** One secret, encrypted by this computer's key; `scheme` names the encryptor that wrote it. */
export interface SecretsTable {
  name: string;
  scheme: string;
  ciphertext: Buffer;
  updated_at: string;
  updated_by: string;
}

/** The Twilio account campaigns send from (one row); its token is the secret 'twilio.authToken'. */
export interface TwilioAccountTable {
  id: number;
  account_sid: string;
  from_number: string | null;
  messaging_service_sid: string | null;
  updated_at: string;
  updated_by: string;
}

export interface Database {
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  customer_contacts: CustomerContactsTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  customer_groups: CustomerGroupsTable;
  consent_events: ConsentEventsTable;
  segments: SegmentsTable;
  duplicate_dismissals: DuplicateDismissalsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  loyalty_entries: LoyaltyEntriesTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  device: DeviceTable;
  users: UsersTable;
  secrets: SecretsTable;
  twilio_account: TwilioAccountTable;
}

/** Tables whose rows travel through the write path (audit + outbox). */
export type TrackedTable =
  | 'customers'
  | 'customer_addresses'
  | 'customer_contacts'
  | 'custom_field_definitions'
  | 'customer_groups'
  | 'consent_events'
  | 'segments'
  | 'products'
  | 'orders'
  | 'order_lines'
  | 'loyalty_entries'
  | 'duplicate_dismissals'
  | 'products'
  | 'settings';
