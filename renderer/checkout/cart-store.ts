import { create } from 'zustand';
import { type CartTotals, computeCartTotals, type LoyaltyRule } from '../../shared/checkout/cart-totals';
import { MAX_CART_LINES, MAX_LINE_QUANTITY, type Order } from '../../shared/checkout/order';
import type { Product } from '../../shared/checkout/product';
import type { Customer } from '../../shared/customers/customer';

export interface CartLine {
  product: Product;
  quantity: number;
}

/** The customer on the cart, with what the cart needs to price the sale for them. */
export interface CartCustomer {
  customer: Customer;
  loyaltyBalance: number;
  /** Their group's discount in basis points (0 without a group, or while the group awaits approval). */
  groupDiscountBp: number;
}

/** Sales rung up on this till since it opened, newest first: where a refund usually starts. */
const RECENT_ORDERS = 10;

interface CartState {
  lines: CartLine[];
  attached: CartCustomer | null;
  redeemPoints: number;
  /** The line the last add or scan touched, so the cashier sees where it went. */
  lastProductId: string | null;
  recentOrders: Order[];
  /** False when the product cannot go on the cart (inactive, or the cart is full). */
  addProduct(product: Product): boolean;
  setQuantity(productId: string, quantity: number): void;
  removeLine(productId: string): void;
  attachCustomer(attached: CartCustomer): void;
  detachCustomer(): void;
  setRedeemPoints(points: number): void;
  /** The sale went through: empty the cart, remember the order. */
  completed(order: Order): void;
  rememberOrder(order: Order): void;
  clear(): void;
}

const empty = { lines: [], attached: null, redeemPoints: 0, lastProductId: null } satisfies Partial<CartState>;

const clampQuantity = (n: number) => Math.min(MAX_LINE_QUANTITY, Math.max(1, Math.trunc(n)));

export const useCartStore = create<CartState>((set, get) => ({
  ...empty,
  recentOrders: [],
  addProduct(product) {
    if (!product.active) return false;
    const { lines } = get();
    const existing = lines.find((l) => l.product.id === product.id);
    if (!existing && lines.length >= MAX_CART_LINES) return false;
    set({
      lines: existing
        ? lines.map((l) => (l === existing ? { ...l, quantity: clampQuantity(l.quantity + 1) } : l))
        : [...lines, { product, quantity: 1 }],
      lastProductId: product.id,
    });
    return true;
  },
  setQuantity(productId, quantity) {
    if (!Number.isFinite(quantity)) return;
    if (quantity < 1) return get().removeLine(productId);
    set((s) => ({
      lines: s.lines.map((l) => (l.product.id === productId ? { ...l, quantity: clampQuantity(quantity) } : l)),
      lastProductId: productId,
    }));
  },
  removeLine(productId) {
    set((s) => ({
      lines: s.lines.filter((l) => l.product.id !== productId),
      lastProductId: s.lastProductId === productId ? null : s.lastProductId,
    }));
  },
  attachCustomer(attached) {
    // Points belong to one customer: a change of customer starts the redemption over.
    set((s) => ({ attached, redeemPoints: s.attached?.customer.id === attached.customer.id ? s.redeemPoints : 0 }));
  },
  detachCustomer() {
    set({ attached: null, redeemPoints: 0 });
  },
  setRedeemPoints(points) {
    set({ redeemPoints: Number.isFinite(points) ? Math.max(0, Math.trunc(points)) : 0 });
  },
  completed(order) {
    set((s) => ({ ...empty, recentOrders: [order, ...s.recentOrders.filter((o) => o.id !== order.id)].slice(0, RECENT_ORDERS) }));
  },
  rememberOrder(order) {
    set((s) => ({ recentOrders: s.recentOrders.map((o) => (o.id === order.id ? order : o)) }));
  },
  clear() {
    set(empty);
  },
}));

/** The same arithmetic main applies at checkout.complete, so the screen shows what will be charged. */
export function cartTotals(
  state: Pick<CartState, 'lines' | 'attached' | 'redeemPoints'>,
  rule: LoyaltyRule,
  minorPerUnit: number,
): CartTotals {
  return computeCartTotals(
    state.lines.map((l) => ({ productId: l.product.id, unitPriceMinor: l.product.priceMinor, quantity: l.quantity })),
    {
      groupDiscountBp: state.attached?.groupDiscountBp ?? 0,
      minorPerUnit,
      loyalty: state.attached ? { rule, balance: state.attached.loyaltyBalance, redeemPoints: state.redeemPoints } : undefined,
    },
  );
}
