import { AppError } from '../../shared/errors';
import { auditLocal, CHANGED } from '../../db/local-audit';
import { qb, type Sql } from '../../db/sql';
import type { Actor } from '../../db/write-path';
import type { Encryptor, EncryptorStatus } from './encryptor';

/** Every secret the app keeps: a closed list, so nothing else is ever stored here by mistake. */
export const SECRET_NAMES = ['twilio.authToken', 'sync.deviceToken'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * Secrets at rest: each value encrypted by this computer's encryptor (the OS keyring through
 * Electron's safeStorage, or the web host's key file) and stored as ciphertext in the `secrets`
 * table. Local to the device: audited (that it changed, never its value), never synced. ADR 0014.
 */
export class SecretStore {
  constructor(
    private readonly sql: Sql,
    private readonly encryptor: Encryptor,
    private readonly now: () => number = Date.now,
  ) {}

  status(): EncryptorStatus {
    return this.encryptor.status();
  }

  has(name: SecretName): boolean {
    return this.row(name) !== undefined;
  }

  /** The value, or null when none is saved; SECRETS_UNREADABLE when this computer's key cannot open it. */
  get(name: SecretName): string | null {
    const row = this.row(name);
    if (!row) return null;
    if (row.scheme !== this.encryptor.scheme) throw unreadable(name);
    let envelope: unknown;
    try {
      envelope = JSON.parse(this.encryptor.decrypt(row.ciphertext));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unreadable(name);
    }
    // The name is sealed inside the ciphertext: a value copied onto another secret's row is refused.
    const { n, v } = (envelope ?? {}) as { n?: unknown; v?: unknown };
    if (n !== name || typeof v !== 'string') throw unreadable(name);
    return v;
  }

  /** Whether a saved value opens here (false: none saved, or it cannot be read). */
  readable(name: SecretName): boolean {
    try {
      return this.get(name) !== null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'SECRETS_UNREADABLE') return false;
      throw error;
    }
  }

  /**
   * Encrypt a value, ready for `write` inside the caller's transaction (the keyring may be slow or
   * ask the user: never inside a write transaction).
   */
  seal(name: SecretName, value: string): Sealed {
    assertName(name);
    const ciphertext = this.encryptor.encrypt(JSON.stringify({ n: name, v: value }));
    return { name, scheme: this.encryptor.scheme, ciphertext };
  }

  /** Store a sealed value and its audit row; call inside a transaction (or use `set`). */
  write(actor: Actor, sealed: Sealed): void {
    const at = new Date(this.now()).toISOString();
    const existed = this.has(sealed.name);
    this.sql
      .prepare(
        `INSERT INTO secrets (name, scheme, ciphertext, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET scheme = excluded.scheme, ciphertext = excluded.ciphertext,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(sealed.name, sealed.scheme, sealed.ciphertext, at, actor.userId);
    auditLocal(
      this.sql,
      actor,
      'secrets',
      sealed.name,
      existed ? 'update' : 'create',
      [{ field: 'value', old: existed ? CHANGED : null, new: CHANGED }],
      at,
    );
  }

  set(actor: Actor, name: SecretName, value: string): void {
    const sealed = this.seal(name, value);
    this.sql.transaction(() => this.write(actor, sealed));
  }

  /** Forget a secret (audited); false when none was saved. Call inside a transaction, or alone. */
  delete(actor: Actor, name: SecretName): boolean {
    assertName(name);
    return this.sql.transaction(() => {
      if (!this.has(name)) return false;
      this.sql.run(qb.deleteFrom('secrets').where('name', '=', name));
      auditLocal(
        this.sql,
        actor,
        'secrets',
        name,
        'delete',
        [{ field: 'value', old: CHANGED, new: null }],
        new Date(this.now()).toISOString(),
      );
      return true;
    });
  }

  private row(name: SecretName) {
    assertName(name);
    return this.sql.first(qb.selectFrom('secrets').select(['scheme', 'ciphertext']).where('name', '=', name));
  }
}

export interface Sealed {
  name: SecretName;
  scheme: string;
  ciphertext: Buffer;
}

function assertName(name: string): asserts name is SecretName {
  if (!(SECRET_NAMES as readonly string[]).includes(name)) throw new Error(`Unknown secret ${name.slice(0, 40)}`);
}

function unreadable(name: SecretName): AppError {
  return new AppError(
    'SECRETS_UNREADABLE',
    `The saved ${name} cannot be read on this computer (it was saved with another key, or changed since). Enter it again.`,
  );
}
