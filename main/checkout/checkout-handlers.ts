import type { HandlerGroup } from '../handlers';
import type { CheckoutService } from './checkout-service';

export function checkoutHandlers(
  checkout: CheckoutService,
): HandlerGroup<
  | 'products.search'
  | 'products.save'
  | 'checkout.scan'
  | 'checkout.complete'
  | 'orders.get'
  | 'orders.find'
  | 'orders.refund'
  | 'orders.assignCustomer'
  | 'customers.purchases'
  | 'customers.insights'
  | 'customers.loyalty'
  | 'loyalty.adjust'
> {
  return {
    'products.search': (input) => checkout.searchProducts(input),
    'products.save': (input, { actor }) => checkout.saveProduct(actor, input),
    'checkout.scan': ({ code }) => checkout.scan(code),
    'checkout.complete': (input, { actor }) => checkout.complete(actor, input),
    'orders.get': ({ id }) => checkout.getOrder(id),
    'orders.find': ({ number }) => checkout.findOrder(number),
    'orders.refund': (input, { actor }) => checkout.refund(actor, input),
    'orders.assignCustomer': ({ id, customerId }, { actor }) => checkout.assignCustomer(actor, id, customerId),
    'customers.purchases': (input) => checkout.purchases(input),
    'customers.insights': ({ id }) => checkout.insights(id),
    'customers.loyalty': ({ id }) => checkout.loyalty(id),
    'loyalty.adjust': (input, { actor }) => checkout.adjustLoyalty(actor, input),
  };
}
