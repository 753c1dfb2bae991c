import { generateEan13 } from '../../shared/membership-code';
import { DEMO_USERS } from '../../shared/auth';
import { newId } from '../../shared/ids';
import { parsePhone } from '../../shared/phone';
import { foldText } from '../../shared/text';
import type { CustomerCreateInput, CustomerStatus } from '../../shared/customers/customer';
import type { App } from '../app';
import type { SeedCustomer } from '../customers/customer-service';
import {
  BUSINESS_NAMES,
  BUSINESS_SUFFIXES,
  DEMO_GROUPS,
  DEMO_PRODUCTS,
  EMAIL_DOMAINS,
  ENGLISH_FIRST,
  ENGLISH_LAST,
  SPANISH_FIRST,
  SPANISH_LAST,
  TAGS,
} from './demo-names';

export const DEMO_CUSTOMERS = 5000;
/** Small transactions that yield between them: no task blocks the main process for long. */
const CHUNK = 250;

/** A seeded PRNG, so every demo store is the same store (screenshots, bug reports). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

function demoPhone(random: () => number): string {
  for (;;) {
    const phone = candidatePhone(random);
    if (parsePhone(phone, 'PA')) return phone;
  }
}

function candidatePhone(random: () => number): string {
  const r = random();
  if (r < 0.72) return `6${digits(random, 3)}-${digits(random, 4)}`; // Panamanian mobile, typed locally
  if (r < 0.8) return `+507 2${digits(random, 2)}-${digits(random, 4)}`; // Panamanian landline
  if (r < 0.88) return `+1 305 ${2 + Math.floor(random() * 8)}${digits(random, 2)} ${digits(random, 4)}`; // Miami
  if (r < 0.94) return `+57 3${digits(random, 2)} ${digits(random, 3)} ${digits(random, 4)}`; // Colombia
  return `+506 8${digits(random, 3)} ${digits(random, 4)}`; // Costa Rica
}

function demoCustomer(random: () => number, i: number, groupIds: string[], now: number): SeedCustomer {
  const business = random() < 0.08;
  const spanish = random() < 0.75;
  const firstName = pick(random, spanish ? SPANISH_FIRST : ENGLISH_FIRST);
  const lastName = pick(random, spanish ? SPANISH_LAST : ENGLISH_LAST);
  const input: CustomerCreateInput = { kind: business ? 'business' : 'individual', firstName, lastName };
  if (business) {
    input.company = `${pick(random, BUSINESS_NAMES)} ${pick(random, BUSINESS_SUFFIXES)}`.trim();
    input.taxId = `${digits(random, 6)}-${1 + Math.floor(random() * 9)}-${2000 + Math.floor(random() * 25)}`;
  }
  if (random() < 0.9) input.phone = demoPhone(random);
  if (random() < 0.7 || !input.phone) {
    const local = foldText(`${firstName}.${lastName}`).replace(/[^a-z.]/g, '');
    input.email = `${local}${i % 7 === 0 ? i : ''}@${pick(random, EMAIL_DOMAINS)}`;
  }
  if (!business && random() < 0.5) {
    input.idDocType = 'national_id';
    input.idDocNumber = `${1 + Math.floor(random() * 9)}-${digits(random, 3)}-${digits(random, 4)}`;
  }
  if (random() < 0.6) {
    const year = 1950 + Math.floor(random() * 55);
    input.dateOfBirth = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  }
  input.language = spanish ? 'es' : 'en';
  const r = random();
  const status: CustomerStatus = r < 0.05 ? 'inactive' : r < 0.06 ? 'pending_approval' : 'active';
  const tags = TAGS.filter(() => random() < 0.12);
  const createdAt = new Date(now - Math.floor(random() * 3 * 365 * 24 * 3600 * 1000)).toISOString();
  input.groupId = random() < 0.25 ? pick(random, groupIds) : null;
  input.tags = tags;
  return {
    input,
    status,
    smsConsent: random() < 0.45,
    emailConsent: random() < 0.35,
    createdAt,
  };
}

/** How many demo customers have bought before, and how many histories one transaction writes. */
const DEMO_SHOPPERS = 200;
const SHOPPER_CHUNK = 20;
const DAY_MS = 86_400_000;

/**
 * A customer's past sales over the last 18 months: a few regulars, many occasional buyers, a
 * favourite product or two, now and then a refund.
 */
function demoHistory(random: () => number, customerId: string, productIds: string[], now: number) {
  const count = 1 + Math.floor(random() ** 2 * 30);
  const favourites = [pick(random, productIds), pick(random, productIds)];
  const span = 540 * DAY_MS;
  const times = Array.from({ length: count }, () => now - 2 * DAY_MS - Math.floor(random() * span)).sort((a, b) => a - b);
  return times.map((t) => {
    const local = new Date(t);
    // Opening hours, 8:00 to 20:00 in Panama (UTC-5).
    local.setUTCHours(13 + Math.floor(random() * 12), Math.floor(random() * 60), Math.floor(random() * 60), 0);
    const lineCount = 1 + Math.floor(random() * 4);
    const chosen = new Set<string>();
    for (let i = 0; i < lineCount; i++) chosen.add(random() < 0.5 ? pick(random, favourites) : pick(random, productIds));
    return {
      customerId,
      lines: [...chosen].map((productId) => ({ productId, quantity: 1 + Math.floor(random() ** 2 * 3) })),
      paymentMethod: (random() < 0.55 ? 'card' : random() < 0.9 ? 'cash' : 'other') as 'card' | 'cash' | 'other',
      redeemPoints: 0,
      at: local.toISOString(),
      refund: random() < 0.04,
    };
  });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fill an empty store with a realistic one: customers, groups, tags and a
 * product catalogue. Does nothing (returns null) if there are customers already.
 */
export async function seedDemoStore(
  app: App,
  options: { customers?: number; seed?: number; now?: number } = {},
): Promise<{ customers: number; products: number } | null> {
  const [existing] = app.sql.raw<{ n: number }>('SELECT count(*) AS n FROM customers');
  if ((existing?.n ?? 0) > 0) return null;
  const random = mulberry32(options.seed ?? 507);
  const now = options.now ?? Date.now();
  // The demo users with their known PINs (README, sign-in screen); a store that has users keeps its own.
  const [ana] = await app.auth.seed(DEMO_USERS);
  const [firstAdmin] = app.auth.list().filter((u) => u.role === 'admin');
  const actor = { userId: ana ?? firstAdmin?.id ?? 'demo', deviceId: app.deviceId };
  const currency = app.settings.get().currency;
  // Marks the store as the demo: its sign-in screen shows the demo PINs.
  if (ana) app.writes.write(actor, (tx) => tx.insert('settings', { key: 'demo', value: 'true' }));

  const groupIds = app.writes.write(actor, (tx) =>
    DEMO_GROUPS.map((g) => {
      const id = newId();
      tx.insert('customer_groups', {
        id,
        name: g.name,
        description: g.description,
        requires_approval: g.requiresApproval ? 1 : 0,
        discount_bp: g.discountBp,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
      return id;
    }),
  );
  const productIds = app.writes.write(actor, (tx) =>
    DEMO_PRODUCTS.map(([name, price], i) => {
      const id = newId();
      tx.insert('products', {
        id,
        sku: `SKU-${String(i + 1).padStart(4, '0')}`,
        barcode: generateEan13('745', random),
        name,
        price_minor: price,
        currency,
        active: 1,
        created_at: tx.timestamp,
        updated_at: tx.timestamp,
      });
      return id;
    }),
  );

  const total = options.customers ?? DEMO_CUSTOMERS;
  const shoppers: string[] = [];
  for (let start = 0; start < total; start += CHUNK) {
    const batch: SeedCustomer[] = [];
    for (let i = start; i < Math.min(total, start + CHUNK); i++) batch.push(demoCustomer(random, i, groupIds, now));
    const ids = app.customers.createMany(actor, batch);
    // The first active customers of the list get a purchase history.
    ids.forEach((id, i) => {
      if (shoppers.length < DEMO_SHOPPERS && batch[i]?.status !== 'inactive') shoppers.push(id);
    });
    await yieldToEventLoop();
  }
  for (let start = 0; start < shoppers.length; start += SHOPPER_CHUNK) {
    const sales = shoppers.slice(start, start + SHOPPER_CHUNK).flatMap((id) => demoHistory(random, id, productIds, now));
    app.checkout.recordHistory(actor, sales);
    await yieldToEventLoop();
  }
  return { customers: total, products: DEMO_PRODUCTS.length };
}
