const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A short prefix that tells this device's order numbers apart from every other device's, with no
 * server to hand them out: four Crockford base-32 characters (20 bits) taken from the random tail
 * of the device's UUIDv7 (its head is a timestamp, shared by devices set up the same hour).
 */
export function devicePrefix(deviceId: string): string {
  const hex = deviceId.replace(/-/g, '');
  const bits = Number.parseInt(hex.slice(-5), 16);
  if (!Number.isFinite(bits)) return 'DEV0';
  let out = '';
  for (let shift = 15; shift >= 0; shift -= 5) out += CROCKFORD[(bits >> shift) & 31];
  return out;
}

export function formatOrderNumber(prefix: string, seq: number): string {
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}
