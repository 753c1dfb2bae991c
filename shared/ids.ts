import { v7 as uuidv7 } from 'uuid';

/**
 * Client-generated, time-ordered ids (UUIDv7) for every row. A sale writes hundreds of rows
 * (lines, audit, outbox operations) and `uuid` alone asks the OS for 16 random bytes per id, so
 * the bytes come from a 4 KiB pool; ids made in the same millisecond stay in order through a
 * counter seeded at random each millisecond (as `uuid` itself does).
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;
let lastMs = -1;
let seq = 0;

function randomBytes(): Uint8Array {
  if (poolAt + 16 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

export function newId(): string {
  const random = randomBytes();
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // 30 random bits: room below 2^31 for a burst within the millisecond to count up.
    seq = (((random[6] as number) << 22) | ((random[7] as number) << 14) | ((random[8] as number) << 6)) & 0x3fffffff;
  } else if (++seq > 0x7fffffff) {
    seq = 0;
    lastMs++;
  }
  return uuidv7({ random, msecs: lastMs, seq });
}
