import { AppError } from '../../shared/errors';
import { CONTACT_FIELDS, can } from '../../shared/permissions';
import type { HandlerGroup, Session } from '../handlers';

/** A cashier edits contact fields only: anything else refused whole, nothing written. */
function assertMayEdit(session: Session | null, patch: object): void {
  if (session && can(session.role, 'customers.manage')) return;
  const outside = Object.keys(patch).filter((field) => !CONTACT_FIELDS.has(field));
  if (outside.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      'Your role may change only phone, email and preferred contact.',
      Object.fromEntries(outside.map((field) => [field, 'forbidden_field'])),
    );
  }
}
/** Only a manager names someone else as a new customer's owner; a cashier's customers are their own. */
function assertMayChooseOwner(session: Session | null, ownerId: string | null | undefined): void {
  if (!session || can(session.role, 'customers.manage') || !ownerId || ownerId === session.userId) return;
  throw new AppError('FORBIDDEN', 'Your role may not choose the owner of a customer.', { ownerId: 'forbidden_field' });
}
import type { CustomerService } from './customer-service';

export function customerHandlers(
  customers: CustomerService,
): HandlerGroup<
  | 'customers.search'
  | 'customers.get'
  | 'customers.create'
  | 'customers.quickAdd'
  | 'customers.update'
  | 'customers.deactivate'
  | 'customers.reactivate'
  | 'customers.history'
  | 'customers.approve'
  | 'customers.tags'
  | 'groups.list'
  | 'customers.exportData'
  | 'groups.save'
  | 'segments.list'
  | 'segments.save'
  | 'segments.delete'
  | 'customers.setConsent'
  | 'customers.consentLog'
  | 'customers.delete'
> {
  return {
    'customers.search': (input) => customers.searchWithoutBlocking(input),
    'customers.get': ({ id }) => customers.get(id),
    'customers.create': (input, { actor, session }) => {
      assertMayChooseOwner(session, input.ownerId);
      return customers.create(actor, input);
    },
    'customers.quickAdd': (input, { actor }) => customers.quickAdd(actor, input),
    'customers.update': ({ id, patch, allowDuplicate }, { actor, session }) => {
      assertMayEdit(session, patch);
      return customers.update(actor, id, patch, { allowDuplicate });
    },
    'customers.deactivate': ({ id }, { actor }) => customers.setStatus(actor, id, 'inactive'),
    'customers.reactivate': ({ id }, { actor }) => customers.setStatus(actor, id, 'active'),
    'customers.history': ({ id }) => customers.history(id),
    'customers.approve': ({ id }, { actor }) => customers.approve(actor, id),
    'customers.tags': ({ prefix }) => customers.tagSuggestions(prefix),
    'groups.list': () => customers.groups(),
    'customers.exportData': ({ id }) => customers.exportData(id),
    'groups.save': (input, { actor }) => customers.saveGroup(actor, input),
    'segments.list': () => customers.segments(),
    'segments.save': (input, { actor }) => customers.saveSegment(actor, input),
    'segments.delete': ({ id }, { actor }) => customers.deleteSegment(actor, id),
    'customers.setConsent': ({ id, ...change }, { actor }) => customers.setConsent(actor, id, change),
    'customers.consentLog': ({ id }) => customers.consentLog(id),
    'customers.delete': ({ id }, { actor }) => customers.delete(actor, id),
  };
}
