export const PERMISSIONS = [
  /** Anyone, signed in or not: the first-run and sign-in screens need it. */
  'app.open',
  'app.read',
  'customers.read',
  'customers.create',
  'customers.edit',
  'customers.manage',
  'customers.delete',
  'products.read',
  'products.manage',
  'checkout.sell',
  'orders.read',
  'orders.refund',
  'loyalty.manage',
  'settings.read',
  'settings.manage',
  /** Backups hold every customer's data: the admin's alone. */
  'backups.manage',
  /** Users, roles and PINs: the admin's alone. */
  'users.manage',
  /** Twilio credentials and, later, sync enrolment: the admin's alone (ADR 0014). */
  'secrets.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'manager', 'cashier', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

const READ: Permission[] = ['app.open', 'app.read', 'customers.read', 'settings.read', 'products.read', 'orders.read'];

/** docs/permissions.md is the readable form of this table. */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  manager: new Set([
    ...READ,
    'customers.create',
    'customers.edit',
    'customers.manage',
    'products.manage',
    'checkout.sell',
    'orders.refund',
    'loyalty.manage',
  ]),
  cashier: new Set([...READ, 'customers.create', 'customers.edit', 'checkout.sell']),
  readonly: new Set(READ),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** What a caller with no session (signed out, locked, first run) may call. */
export function canSignedOut(permission: Permission): boolean {
  return permission === 'app.open';
}

/**
 * A customer's contact fields: all a cashier may change on an existing record
 * (customers.edit); every other field needs customers.manage. ADR 0012.
 */
export const CONTACT_FIELDS: ReadonlySet<string> = new Set(['phone', 'email', 'contactChannel']);
