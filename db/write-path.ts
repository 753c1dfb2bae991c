import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { formatHlc, type HlcState, initialHlc, parseHlc, tickHlc } from '../shared/hlc';
import { newId } from '../shared/ids';
import type { TrackedTable } from './schema';
import type { Sql } from './sql';

/** Who is writing: every audit row and operation names them. */
export interface Actor {
  userId: string;
  deviceId: string;
}

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export type SqlValue = string | number | null;
export type RowValues = Record<string, SqlValue>;

const KEY_COLUMN: Record<TrackedTable, string> = {
  customers: 'id',
  customer_addresses: 'id',
  customer_contacts: 'id',
  custom_field_definitions: 'id',
  customer_groups: 'id',
  consent_events: 'id',
  segments: 'id',
  duplicate_dismissals: 'id',
  products: 'id',
  orders: 'id',
  order_lines: 'id',
  loyalty_entries: 'id',
  settings: 'key',
};
/** Derived locally from other fields: never audited, never synced. */
const LOCAL_COLUMNS: Partial<Record<TrackedTable, ReadonlySet<string>>> = {
  customers: new Set(['search_text', 'sort_name']),
};
/** Child rows name their parent in the audit, so the parent's history lists them, deleted ones too. */
const PARENT_COLUMN: Partial<Record<TrackedTable, string>> = {
  customer_addresses: 'customer_id',
  customer_contacts: 'customer_id',
};
/**
 * JSON object columns audited and synced key by key (`custom_fields.vip`): two devices that edit
 * different keys both keep their edit, and the history reads field by field.
 */
const OBJECT_COLUMNS: Partial<Record<TrackedTable, ReadonlySet<string>>> = {
  customers: new Set(['custom_fields']),
};
/** What an erased value reads as in the audit log. */
export const ERASED = '[erased]';
const COLUMN_NAME = /^[a-z_][a-z0-9_]*$/;

export interface Committed {
  table: TrackedTable;
  id: string;
  /** For a child row: the row it belongs to (an address's customer). */
  parentId?: string;
}

/**
 * The one door every mutation goes through: the row change, its audit row and
 * its field-level sync operations commit together or not at all.
 */
export class WritePath {
  private clock: HlcState;
  private readonly listeners: ((changes: Committed[], operations: number) => void)[] = [];

  constructor(
    private readonly sql: Sql,
    readonly deviceId: string,
    clock: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.clock = clock ? parseHlc(clock) : initialHlc(deviceId);
  }

  /** The last stamp this device issued. */
  get lastStamp(): string {
    return formatHlc(this.clock);
  }

  write<T>(actor: Actor, fn: (tx: WriteTx) => T): T {
    const tx = new WriteTx(this.sql, actor, this.clock, this.now);
    const result = this.sql.transaction(() => {
      const value = fn(tx);
      if (tx.touched.length > 0) this.sql.prepare('UPDATE device SET hlc = ? WHERE id = 1').run(formatHlc(tx.clock));
      return value;
    });
    // Only a committed transaction moves the clock and tells the listeners.
    this.clock = tx.clock;
    if (tx.touched.length > 0) for (const listener of this.listeners) listener(tx.touched, tx.operations);
    return result;
  }

  /**
   * A write of a long job (an import's batch) that commits without waiting for the disk
   * (synchronous=NORMAL: still atomic, and safe when the app is killed; a power cut may lose the
   * job's last batches, never half of one). The job calls `flushToDisk` when it ends, so what it
   * reports done is on disk; any ordinary write meanwhile flushes the batches before it too.
   * `checkpoints: false`: someone else (a worker thread) copies the WAL back meanwhile.
   */
  writeBulk<T>(actor: Actor, fn: (tx: WriteTx) => T, options: { checkpoints: boolean }): T {
    return this.bulk(options, () => this.write(actor, fn));
  }

  /** `work` with commits that do not wait for the disk, and without checkpoints when someone else runs them. */
  private bulk<T>(options: { checkpoints: boolean }, work: () => T): T {
    const db = this.sql.db;
    const level = db.pragma('synchronous', { simple: true }) as number;
    const pages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('synchronous = NORMAL');
    if (!options.checkpoints) db.pragma('wal_autocheckpoint = 0');
    try {
      return work();
    } finally {
      db.pragma(`synchronous = ${level}`);
      db.pragma(`wal_autocheckpoint = ${pages}`);
    }
  }

  /**
   * What `fn` would write, recorded instead of run, for another connection (an import's writer
   * thread) to run in one transaction: inserts only (an update reads the row it changes). The
   * clock moves now, so every stamp this device issues stays unique and increasing; call
   * `committed` once that transaction has committed, to tell the listeners.
   */
  record<T>(actor: Actor, fn: (tx: WriteTx) => T): { value: T; recorded: RecordedWrite } {
    const statements: RecordedStatement[] = [];
    const tx = new WriteTx(this.sql, actor, this.clock, this.now, statements);
    const value = fn(tx);
    this.clock = tx.clock;
    if (tx.touched.length > 0) {
      const stamp = formatHlc(tx.clock);
      // Main's own writes may have stamped later meanwhile: the stored clock never goes back.
      statements.push({ sql: 'UPDATE device SET hlc = ? WHERE id = 1 AND hlc < ?', params: [stamp, stamp] });
    }
    return { value, recorded: { statements, touched: tx.touched, operations: tx.operations } };
  }

  /** Run a recorded write here after all (no writer thread), as one bulk transaction (see `writeBulk`). */
  runRecorded(recorded: RecordedWrite, options: { checkpoints: boolean }): void {
    this.bulk(options, () =>
      this.sql.transaction(() => {
        for (const { sql, params } of recorded.statements) this.sql.prepare(sql).run(params);
      }),
    );
    this.committed(recorded);
  }

  /** A recorded write has committed on another connection: tell the listeners, as `write` does. */
  committed(recorded: RecordedWrite): void {
    if (recorded.touched.length > 0) for (const listener of this.listeners) listener(recorded.touched, recorded.operations);
  }

  /** Make every commit so far durable: what synchronous=FULL would have done at each, once. */
  flushToDisk(): void {
    const wal = `${this.sql.db.name}-wal`;
    if (!existsSync(wal)) return;
    const fd = openSync(wal, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Called after every commit that changed something (caches, push events), with how many sync
   * operations it added to the outbox (less those it removed); never after a rollback.
   */
  onCommit(listener: (changes: Committed[], operations: number) => void): void {
    this.listeners.push(listener);
  }
}

/** A statement of a recorded write (`WritePath.record`), to run elsewhere. */
export interface RecordedStatement {
  sql: string;
  params: SqlValue[];
}

/** A write recorded on main, for another connection to run in one transaction. */
export interface RecordedWrite {
  statements: RecordedStatement[];
  touched: Committed[];
  operations: number;
}

export class WriteTx {
  readonly touched: Committed[] = [];
  /** Operations this transaction queued for sync, less those it took back out of the outbox. */
  operations = 0;
  private readonly at: string;

  constructor(
    private readonly sql: Sql,
    private readonly actor: Actor,
    public clock: HlcState,
    private readonly now: () => number,
    /** Set: statements are recorded here instead of run (`WritePath.record`). */
    private readonly recording: RecordedStatement[] | null = null,
  ) {
    this.at = new Date(now()).toISOString();
  }

  /** Run a statement of this transaction, or record it. */
  private exec = (sql: string, params: SqlValue[]): void => {
    if (this.recording) this.recording.push({ sql, params });
    else this.sql.prepare(sql).run(params);
  };

  /** Writes that read the stored row first cannot be recorded to run elsewhere. */
  private mustRun(what: string): void {
    if (this.recording) throw new Error(`A recorded write cannot ${what}: it reads the stored row.`);
  }

  get timestamp(): string {
    return this.at;
  }

  insert(table: TrackedTable, values: RowValues): void {
    this.insertMany(table, [values]);
  }

  /**
   * Several new rows of one table (an import's batch): exactly what `insert` writes for each, in
   * the same order with the same clock ticks, but the audit rows and operations go in multi-row
   * statements, which costs a fraction of one statement per operation.
   */
  insertMany(table: TrackedTable, rows: readonly RowValues[]): void {
    const pending = new PendingLog();
    for (const values of rows) {
      const columns = Object.keys(values);
      assertColumns(columns);
      this.exec(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((c) => values[c] as SqlValue),
      );
      const id = String(values[KEY_COLUMN[table]]);
      const changes = byKey(
        table,
        tracked(table, columns)
          .filter((c) => values[c] !== null)
          .map((c) => ({ field: c, old: null, new: values[c] })),
      );
      this.collect(pending, table, id, 'create', changes, [], undefined, undefined, parentOf(table, values));
    }
    pending.flush(this.exec);
  }

  /**
   * Update only what differs from the stored row; returns the field changes
   * (none: nothing is written). `stamp` (updated_at/by) is written and synced
   * only alongside a real change, and is not part of the audited changes.
   */
  update(
    table: TrackedTable,
    id: string,
    values: RowValues,
    stamp: RowValues = {},
    /** Erasure: for these columns the audit row records that they changed, never what they held. */
    options: { redact?: ReadonlySet<string> } = {},
  ): FieldChange[] {
    this.mustRun('update');
    const key = KEY_COLUMN[table];
    const before = this.sql.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id) as RowValues | undefined;
    if (!before) throw new Error(`No ${table} row ${id}`);
    const changed = Object.keys(values).filter((c) => before[c] !== values[c]);
    if (changed.length === 0) return [];
    const changes = byKey(
      table,
      tracked(table, changed).map((c) => ({ field: c, old: before[c], new: values[c] })),
    ).map((c) => (options.redact?.has(baseField(c.field)) && c.old !== null ? { ...c, old: ERASED } : c));
    // Only derived columns differ (a rebuilt search index): no stamp, or updated_at would move unsynced.
    const stampNow = changes.length > 0 ? stamp : {};
    const written = { ...pick(values, changed), ...stampNow };
    const columns = Object.keys(written);
    assertColumns(columns);
    this.sql
      .prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`)
      .run(...columns.map((c) => written[c]), id);
    const stampOps = tracked(table, Object.keys(stampNow)).map((c) => ({ field: c, old: before[c], new: stampNow[c] }));
    this.record(table, id, 'update', changes, stampOps, undefined, undefined, parentOf(table, { ...before, ...values }));
    return changes;
  }

  /**
   * Remove a master-data row: the audit keeps what it held; sync gets one "_deleted" operation.
   * `erase`: personal data being erased, so the audit names the fields but keeps no values.
   */
  delete(table: TrackedTable, id: string, options: { erase?: boolean } = {}): void {
    this.mustRun('delete');
    const key = KEY_COLUMN[table];
    const before = this.sql.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id) as RowValues | undefined;
    if (!before) throw new Error(`No ${table} row ${id}`);
    this.sql.prepare(`DELETE FROM ${table} WHERE ${key} = ?`).run(id);
    const changes = byKey(
      table,
      tracked(table, Object.keys(before)).map((c) => ({ field: c, old: before[c], new: null })),
    ).map((c) => ({ ...c, old: options.erase ? ERASED : c.old }));
    this.record(
      table,
      id,
      'delete',
      changes,
      [],
      { field: '_deleted', old: null, new: true },
      undefined,
      parentOf(table, before),
    );
  }

  /**
   * A fact about a row that is not a column change (a merge): one audit row holding `audited`
   * and one sync operation carrying `synced`, so every replica applies it too.
   */
  event(table: TrackedTable, id: string, field: string, audited: unknown, synced: unknown = audited): void {
    this.record(table, id, 'update', [{ field, old: null, new: audited }], [], undefined, { field, old: null, new: synced });
  }

  private record(
    table: TrackedTable,
    id: string,
    action: 'create' | 'update' | 'delete',
    changes: FieldChange[],
    stampOps: FieldChange[] = [],
    deletion?: FieldChange,
    single?: FieldChange,
    parentId: string | null = null,
  ): void {
    const pending = new PendingLog();
    this.collect(pending, table, id, action, changes, stampOps, deletion, single, parentId);
    pending.flush(this.exec);
  }

  /** One change's audit row and sync operations (each a clock tick), queued in `pending`. */
  private collect(
    pending: PendingLog,
    table: TrackedTable,
    id: string,
    action: 'create' | 'update' | 'delete',
    changes: FieldChange[],
    stampOps: FieldChange[] = [],
    /** A deletion syncs as this one operation instead of one per field. */
    deletion?: FieldChange,
    /** An event syncs as this one operation. */
    single?: FieldChange,
    parentId: string | null = null,
  ): void {
    if (changes.length === 0 && !deletion) return;
    pending.audit.push(
      newId(),
      table,
      id,
      action,
      JSON.stringify(changes),
      this.actor.userId,
      this.actor.deviceId,
      this.at,
      parentId,
    );
    const operations = deletion
      ? [deletion]
      : single
        ? [single]
        : action === 'create'
          ? [createdOperation(changes, stampOps)]
          : [...changes, ...stampOps];
    for (const change of operations) {
      this.clock = tickHlc(this.clock, this.now());
      this.operations++;
      pending.outbox.push(
        newId(),
        formatHlc(this.clock),
        this.actor.deviceId,
        table,
        id,
        change.field,
        JSON.stringify(change.new),
        this.at,
      );
    }
    this.touched.push(parentId === null ? { table, id } : { table, id, parentId });
  }
}

const AUDIT_COLUMNS = '(id, entity, entity_id, action, changes, user_id, device_id, at, parent_id)';
const OUTBOX_COLUMNS = '(op_id, hlc, device_id, table_name, row_id, field, value, created_at)';
/** Rows per multi-row INSERT: few statements, far under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 64;

/** Audit rows and operations (as flat parameter lists) waiting to be inserted in as few statements as possible. */
class PendingLog {
  readonly audit: SqlValue[] = [];
  readonly outbox: SqlValue[] = [];

  flush(exec: (sql: string, params: SqlValue[]) => void): void {
    insertRows(exec, 'audit_log', AUDIT_COLUMNS, 9, this.audit);
    insertRows(exec, 'outbox', OUTBOX_COLUMNS, 8, this.outbox);
  }
}

const statementText = new Map<string, string>();

function insertRows(
  exec: (sql: string, params: SqlValue[]) => void,
  table: string,
  columns: string,
  width: number,
  values: SqlValue[],
): void {
  const statement = (rows: number) => {
    const key = `${table}/${rows}`;
    let text = statementText.get(key);
    if (!text) {
      text = `INSERT INTO ${table} ${columns} VALUES ${Array(rows)
        .fill(`(${Array(width).fill('?').join(', ')})`)
        .join(', ')}`;
      statementText.set(key, text);
    }
    return text;
  };
  const batch = ROWS_PER_STATEMENT * width;
  let at = 0;
  for (; values.length - at >= batch; at += batch) exec(statement(ROWS_PER_STATEMENT), values.slice(at, at + batch));
  for (; at < values.length; at += width) exec(statement(1), values.slice(at, at + width));
}

/** The field of the one operation that carries a whole new row (ADR 0015). */
export const CREATED_FIELD = '_created';

/**
 * A new row syncs as one operation holding every field it was created with (object columns by
 * key, as field operations name them): a replica applies it field by field with its one stamp,
 * exactly as it would one operation per field, but never sees half a row.
 */
function createdOperation(changes: FieldChange[], stampOps: FieldChange[]): FieldChange {
  return {
    field: CREATED_FIELD,
    old: null,
    new: Object.fromEntries([...changes, ...stampOps].map((c) => [c.field, c.new])),
  };
}

/** `custom_fields.vip` -> `custom_fields`. */
export function baseField(field: string): string {
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(0, dot);
}

/** Expand a change of a JSON object column into one change per key that differs. */
function byKey(table: TrackedTable, changes: FieldChange[]): FieldChange[] {
  const objects = OBJECT_COLUMNS[table];
  if (!objects) return changes;
  return changes.flatMap((c) => {
    if (!objects.has(c.field)) return [c];
    const old = parseObject(c.old);
    const next = parseObject(c.new);
    const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
    return keys
      .filter((k) => JSON.stringify(old[k] ?? null) !== JSON.stringify(next[k] ?? null))
      .map((k) => ({ field: `${c.field}.${k}`, old: old[k] ?? null, new: next[k] ?? null }));
  });
}

function parseObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string') return {};
  const parsed = JSON.parse(value) as unknown;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function parentOf(table: TrackedTable, row: RowValues): string | null {
  const column = PARENT_COLUMN[table];
  return column ? ((row[column] as string | null) ?? null) : null;
}

function pick(values: RowValues, columns: string[]): RowValues {
  return Object.fromEntries(columns.map((c) => [c, values[c] as SqlValue]));
}

/** The fields worth auditing and syncing: not the row key (every op names its row), nor derived columns. */
function tracked(table: TrackedTable, columns: string[]): string[] {
  const local = LOCAL_COLUMNS[table];
  return columns.filter((c) => c !== KEY_COLUMN[table] && !local?.has(c));
}

function assertColumns(columns: string[]): void {
  for (const c of columns) if (!COLUMN_NAME.test(c)) throw new Error(`Bad column name ${c}`);
}
