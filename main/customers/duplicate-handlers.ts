import type { HandlerGroup } from '../handlers';
import type { CustomerService } from './customer-service';
import type { DuplicatesService } from './duplicates-service';

export function duplicateHandlers(
  duplicates: DuplicatesService,
  customers: CustomerService,
): HandlerGroup<'duplicates.list' | 'duplicates.dismiss' | 'customers.merge' | 'customers.anonymise'> {
  return {
    'duplicates.list': ({ cursor, limit }) => duplicates.pairs(cursor, limit),
    'duplicates.dismiss': ({ a, b }, { actor }) => duplicates.dismiss(actor, a, b),
    'customers.merge': (input, { actor }) => duplicates.merge(actor, input),
    'customers.anonymise': ({ id }, { actor }) => customers.anonymise(actor, id),
  };
}
