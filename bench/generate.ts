import { customerSearchText, customerSortName } from '../db/customers/customer-search-text';
import type { Sql } from '../db/sql';
import { generateMembershipCode } from '../shared/membership-code';
import { foldText } from '../shared/text';
import { ENGLISH_FIRST, ENGLISH_LAST, SPANISH_FIRST, SPANISH_LAST } from '../main/demo/demo-names';
import { mulberry32 } from '../main/demo/demo-store';

export interface GeneratedCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  idDocNumber: string | null;
  membershipCode: string;
}

/**
 * Bulk-load N customers straight into the table (the FTS triggers still run), bypassing the audit
 * and outbox: a benchmark store, not a history. Returns a sample of rows to query for.
 */
export function generateCustomers(sql: Sql, n: number, seed = 42): GeneratedCustomer[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const sample: GeneratedCustomer[] = [];
  const insert = sql.db.prepare(
    `INSERT INTO customers (id, kind, first_name, last_name, email, phone, phone_raw, id_doc_number, membership_code,
       status, sms_consent, email_consent, created_at, updated_at, created_by, updated_by, search_text, sort_name)
     VALUES (?, 'individual', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', 'bench', ?, ?)`,
  );
  const now = new Date('2026-11-01T12:00:00Z').toISOString();
  // Customers joined over three years, in id order, so "newest first" has something to sort.
  const joinedSince = Date.parse('2023-11-01T12:00:00Z');
  const joinedStep = (Date.parse(now) - joinedSince) / Math.max(1, n);
  const codes = new Set<string>();
  const CHUNK = 20_000;
  for (let start = 0; start < n; start += CHUNK) {
    sql.transaction(() => {
      for (let i = start; i < Math.min(n, start + CHUNK); i++) {
        const spanish = random() < 0.75;
        const firstName = pick(spanish ? SPANISH_FIRST : ENGLISH_FIRST);
        const lastName = `${pick(spanish ? SPANISH_LAST : ENGLISH_LAST)}${random() < 0.5 ? ` ${pick(SPANISH_LAST)}` : ''}`;
        const phone = random() < 0.9 ? `+5076${String(Math.floor(random() * 1e7)).padStart(7, '0')}` : null;
        const email = random() < 0.7 ? `${foldText(firstName)}.${foldText(lastName).replace(/\W/g, '')}${i}@example.com` : null;
        const idDocNumber = random() < 0.5 ? `${1 + Math.floor(random() * 9)}-${Math.floor(random() * 1000)}-${i}` : null;
        let code = generateMembershipCode(random);
        while (codes.has(code)) code = generateMembershipCode(random);
        codes.add(code);
        const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        const status = random() < 0.05 ? 'inactive' : 'active';
        insert.run(
          id,
          firstName,
          lastName,
          email,
          phone,
          phone,
          idDocNumber,
          code,
          status,
          random() < 0.4 ? 1 : 0,
          random() < 0.3 ? 1 : 0,
          new Date(joinedSince + Math.floor(i * joinedStep)).toISOString(),
          now,
          customerSearchText({
            firstName,
            lastName,
            company: null,
            email,
            phone,
            idDocNumber,
            taxId: null,
            externalId: null,
            membershipCode: code,
          }),
          customerSortName({ kind: 'individual', firstName, lastName, company: null }),
        );
        if (i % Math.max(1, Math.floor(n / 500)) === 0)
          sample.push({ id, firstName, lastName, email, phone, idDocNumber, membershipCode: code });
      }
    });
  }
  return sample;
}

/** What cashiers type: 2–6 letters of a first or last name, the last 4 digits of a phone, an email prefix. */
export function typicalQueries(sample: GeneratedCustomer[], seed = 7): string[] {
  const random = mulberry32(seed);
  const fragment = (word: string) => word.slice(0, 2 + Math.floor(random() * 5));
  const queries: string[] = [];
  for (const c of sample) {
    queries.push(fragment(random() < 0.5 ? c.firstName : c.lastName));
    if (c.phone) queries.push(c.phone.slice(-4));
    if (c.email) queries.push(c.email.slice(0, 3 + Math.floor(random() * 4)));
  }
  return queries;
}
