/**
 * Membership codes are EAN-13 numbers in the 29 prefix (reserved for in-store
 * use), so every keyboard-wedge scanner reads them and a typo fails the check digit.
 */
export function ean13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** A valid EAN-13 starting with `prefix` (2 or 3 digits), the rest random. */
export function generateEan13(prefix: string, random: () => number = Math.random): string {
  let body = prefix;
  while (body.length < 12) body += Math.floor(random() * 10).toString();
  return body + ean13CheckDigit(body).toString();
}

export function generateMembershipCode(random: () => number = Math.random): string {
  return generateEan13('29', random);
}

export function isMembershipCode(value: string): boolean {
  return /^29\d{11}$/.test(value) && ean13CheckDigit(value.slice(0, 12)) === Number(value[12]);
}
