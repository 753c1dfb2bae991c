import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { DATABASE_FILE } from '../../main/app';
import { mulberry32 } from '../../main/demo/demo-store';
import { ok, openTempApp } from '../helpers/temp-app';

/**
 * A counter PC loses power or the app is killed: every write the app acknowledged must survive,
 * and the file must stay sound. A child process writes through the real handlers and reports each
 * write after it returned; we SIGKILL it at random moments and then inspect the file.
 */
const KILLS = 200;
const root = fileURLToPath(new URL('../..', import.meta.url));

let work: string;
let writer: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'clientela-crash-'));
  writer = join(work, 'crash-writer.cjs');
  // Bundled once: a plain node start per kill keeps 200 kills around a minute.
  await build({
    entryPoints: [join(root, 'test/fault/crash-writer.ts')],
    outfile: writer,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function seedStore(): Promise<string> {
  const dir = mkdtempSync(join(work, 'store-'));
  const t = openTempApp({ dir });
  for (const [i, name] of ['Café', 'Pan', 'Leche'].entries())
    await ok(t.app, 'products.save', { sku: `P-${i}`, name, priceMinor: 100 + i * 75 });
  for (let i = 0; i < 6; i++)
    await ok(t.app, 'customers.create', {
      firstName: `Cliente ${i}`,
      phone: `6123-45${String(i).padStart(2, '0')}`,
      email: `cliente${i}@example.com`,
    });
  t.close();
  return dir;
}

type Ack =
  | { kind: 'sale'; orderId: string }
  | { kind: 'edit'; customerId: string; token: string }
  | { kind: 'consent'; customerId: string; eventId: string };

/**
 * When to kill: `delayMs` after spawn (while the app opens the store), or `delayMs` after the
 * child acknowledged `afterAcks` writes (0: after it said ready), so kills land mid-write
 * however fast or loaded the machine is.
 */
type KillAt = { fromSpawn: true; delayMs: number } | { fromSpawn: false; afterAcks: number; delayMs: number };

/** Start the writer, kill it, and return the writes it acknowledged. */
function runAndKill(dir: string, tag: string, seed: number, at: KillAt, unsafe = false): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const args = [writer, dir, tag, String(seed), ...(unsafe ? ['unsafe'] : [])];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      timer = setTimeout(() => child.kill('SIGKILL'), at.delayMs);
    };
    // A writer that stops writing must not hang the suite.
    const stuck = setTimeout(() => child.kill('SIGKILL'), 20_000);
    if (at.fromSpawn) kill();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (at.fromSpawn || timer || !out.includes('ready\n')) return;
      if (out.split('\n').length - 2 >= at.afterAcks) kill();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(stuck);
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited by itself (code ${code}): ${err}`));
      if (!at.fromSpawn && !timer) return reject(new Error(`writer stopped writing: ${err}`));
      // Only whole lines count: a torn last line was never a complete acknowledgement.
      const lines = out.split('\n').slice(0, -1);
      const acks: Ack[] = [];
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'sale' && a) acks.push({ kind, orderId: a });
        else if (kind === 'edit' && a && b) acks.push({ kind, customerId: a, token: b });
        else if (kind === 'consent' && a && b) acks.push({ kind, customerId: a, eventId: b });
      }
      resolve(acks);
    });
  });
}

interface Inspection {
  integrity: string;
  foreignKeyProblems: number;
  missing: Ack[];
}

/** Open the file as the next start would, and look for every acknowledged write. */
function inspect(dir: string, acks: Ack[]): Inspection {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
    const order = db.prepare(
      `SELECT (SELECT count(*) FROM order_lines WHERE order_id = o.id) AS lines,
              (SELECT count(*) FROM audit_log WHERE entity = 'orders' AND entity_id = o.id) AS audits,
              (SELECT count(*) FROM outbox WHERE table_name = 'orders' AND row_id = o.id) AS ops
       FROM orders o WHERE o.id = ?`,
    );
    const edit = db.prepare(
      "SELECT count(*) FROM audit_log WHERE entity = 'customers' AND entity_id = ? AND action = 'update' AND changes LIKE ?",
    );
    const consent = db.prepare('SELECT count(*) FROM consent_events WHERE id = ? AND customer_id = ?');
    const missing = acks.filter((ack) => {
      if (ack.kind === 'sale') {
        const row = order.get(ack.orderId) as { lines: number; audits: number; ops: number } | undefined;
        // The sale, its lines, its audit row and its sync operations: all of it or it is lost.
        return !row || row.lines === 0 || row.audits === 0 || row.ops === 0;
      }
      if (ack.kind === 'edit') return edit.pluck().get(ack.customerId, `%"nota ${ack.token}"%`) === 0;
      return consent.pluck().get(ack.eventId, ack.customerId) === 0;
    });
    return { integrity, foreignKeyProblems, missing };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it(`keeps every acknowledged sale, edit and consent change through ${KILLS} SIGKILLs`, async () => {
    const dir = await seedStore();
    const random = mulberry32(20261206);
    const all: Ack[] = [];
    let killedMidWrite = 0;
    for (let run = 0; run < KILLS; run++) {
      // Mostly while writing; one kill in ten lands while the app is still opening the store.
      const at: KillAt =
        random() < 0.1
          ? { fromSpawn: true, delayMs: Math.floor(random() * 250) }
          : { fromSpawn: false, afterAcks: Math.floor(random() * 6), delayMs: Math.floor(random() * 12) };
      const acks = await runAndKill(dir, `r${run}`, run + 1, at);
      const found = inspect(dir, acks);
      const where = `after kill ${run} (${JSON.stringify(at)})`;
      expect(found.integrity, where).toBe('ok');
      expect(found.foreignKeyProblems, where).toBe(0);
      expect(found.missing, where).toEqual([]);
      all.push(...acks);
      if (acks.length > 0) killedMidWrite += 1;
    }
    expect(inspect(dir, all).missing).toEqual([]);
    // The proof means something only if the child really was writing when most kills landed.
    expect(killedMidWrite).toBeGreaterThan(KILLS * 0.6);
    expect([...new Set(all.map((a) => a.kind))].sort()).toEqual(['consent', 'edit', 'sale']);
  }, 600_000);

  it('catches acknowledged writes that were not durable (the harness can fail)', async () => {
    const dir = await seedStore();
    const random = mulberry32(7);
    let lost = 0;
    for (let run = 0; run < 12; run++) {
      const at: KillAt = { fromSpawn: false, afterAcks: 2 + Math.floor(random() * 5), delayMs: Math.floor(random() * 5) };
      const acks = await runAndKill(dir, `u${run}`, run + 1, at, true);
      const found = inspect(dir, acks);
      expect(found.integrity).toBe('ok');
      lost += found.missing.length;
    }
    expect(lost).toBeGreaterThan(0);
  }, 60_000);
});
