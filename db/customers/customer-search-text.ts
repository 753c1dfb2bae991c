import { foldedWords, foldText, onlyDigits } from '../../shared/text';

export interface SearchableCustomer {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  email: string | null;
  phone: string | null;
  idDocNumber: string | null;
  taxId: string | null;
  registrationNumber?: string | null;
  externalId: string | null;
  membershipCode: string;
}

/** Digit runs shorter than this are too common to be worth indexing. */
const MIN_DIGIT_RUN = 3;

/**
 * What the FTS index holds for a customer. FTS5 matches word prefixes, so a
 * phone is indexed as every suffix of its digits: any run a cashier types
 * ("4567", "6123", "50761") is then the prefix of one of them.
 */
export function customerSearchText(c: SearchableCustomer): string {
  const terms = new Set<string>();
  const addWords = (value: string | null) => {
    if (value) for (const word of foldedWords(value)) terms.add(word);
  };
  addWords(c.firstName);
  addWords(c.lastName);
  addWords(c.company);
  addWords(c.email);
  for (const value of [c.idDocNumber, c.taxId, c.registrationNumber ?? null, c.externalId]) {
    if (!value) continue;
    addWords(value);
    const compact = foldedWords(value).join('');
    if (compact) terms.add(compact);
  }
  if (c.phone) {
    const digits = onlyDigits(c.phone);
    for (let i = 0; i <= digits.length - MIN_DIGIT_RUN; i++) terms.add(digits.slice(i));
  }
  terms.add(c.membershipCode.toLowerCase());
  return [...terms].join(' ');
}

/** Folded "last first" (or company) so the list sorts the way people read it. */
export function customerSortName(c: {
  kind: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
}): string {
  const parts = c.kind === 'business' ? [c.company, c.lastName, c.firstName] : [c.lastName, c.firstName, c.company];
  return foldText(parts.filter(Boolean).join(' '));
}

/**
 * Turn what the cashier typed into an FTS5 query: every word is a prefix and
 * all must match; a run of digits (with spaces, dashes, +, parentheses) is one term.
 */
export function customerMatchQuery(input: string): string | null {
  const trimmed = input.trim();
  if (/^[+\d\s\-().]+$/.test(trimmed)) {
    const digits = onlyDigits(trimmed);
    if (digits.length > 0) return `"${digits}"*`;
  }
  const words = foldedWords(trimmed);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}
