import { once } from 'node:events';
import {
  appendFileSync,
  closeSync,
  createReadStream,
  createWriteStream,
  openSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { type CsvJob, FORMULA_START, type ImportIssue, type ImportSummary } from '../../shared/customers/csv';
import {
  type AddressCells,
  type ContactCells,
  type DuplicateMode,
  guessMapping,
  type ImportPreview,
  type ImportTarget,
  type ImportedRow,
  isCustomTarget,
  MAX_IMPORT_BYTES,
  rowToInput,
} from '../../shared/customers/csv-import';
import { type AddressInput, addressInputSchema } from '../../shared/customers/addresses';
import { type ContactInput, contactInputSchema } from '../../shared/customers/contacts';
import type { CustomFieldType } from '../../shared/customers/custom-fields';
import { type CustomerCreateInput, customerCreateSchema } from '../../shared/customers/customer';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { parsePhone } from '../../shared/phone';
import { zodFieldErrors } from '../../shared/validation';
import { findLikelyDuplicates } from '../../db/customers/customer-duplicates';
import { getCustomerRow } from '../../db/customers/customer-queries';
import { addressRows } from '../../db/customers/customer-addresses';
import { contactRows } from '../../db/customers/customer-contacts';
import { listCustomFieldDefinitions } from '../../db/customers/custom-field-definitions';
import { listUsers } from '../../db/users';
import type { Sql } from '../../db/sql';
import type { Actor, RecordedWrite, WritePath, WriteTx } from '../../db/write-path';
import type { SettingsService } from '../settings/settings-service';
import type { CheckedCustomer, CustomerService, ImportContext } from './customer-service';
import { UTF8_BOM } from './csv-export';
import { type CsvJobs, pacedUnits } from './csv-jobs';
import { WalCheckpointer } from '../wal-checkpointer';
import { WriteWorker, WriterStopped } from './write-worker';

/** Bytes of the file read (and parsed) at a time: a few thousand rows, parsed in a few milliseconds. */
const READ_BYTES = 128 * 1024;
/**
 * What checking a transaction's rows should take on main (or, updating, checking and writing
 * them), one per turn of the event loop: well under the 50 ms any main task may, as the second
 * core's other work (the writer thread, the checkpoints) sometimes makes one take two to four
 * times what it planned.
 */
const TASK_MS = 6;
/** WAL frames (pages) an import lets the WAL grow to before it waits for the checkpoints: 16 MB. */
const MAX_WAL_FRAMES = 4096;
/** Bytes read to check the file and show its first rows. */
const HEAD_BYTES = 256 * 1024;
const PREVIEW_ROWS = 10;
/** Issues kept in the job for the screen; the report file has every one. */
const ISSUES_SHOWN = 100;

/** The typed errors a file can earn before any row is read. */
const fileError = (reason: 'empty' | 'not_csv' | 'encoding' | 'no_header' | 'too_large', message: string) =>
  validationError({ file: reason }, message);

/**
 * CSV import (ADR 0009): the file arrives in chunks, its head is checked and previewed, then a
 * job reads it as a stream and writes its rows through the write path in short transactions
 * (each row audited and queued for sync like a typed one), yielding between them.
 */
export class CustomerCsvImport {
  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly customers: CustomerService,
    private readonly settings: SettingsService,
    private readonly jobs: CsvJobs,
    /** False: the store was opened another way (an encrypted one) and a writer thread could not open it. */
    private readonly writerThread = true,
    /** Resolves when no backup is copying the store (which the writer thread's commits would start over). */
    private readonly backupsCopied: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Append one chunk of the file; the first chunk (no uploadId) starts a new upload. */
  upload(input: { uploadId?: string | undefined; offset: number; data: string }): { uploadId: string; size: number } {
    const bytes = Buffer.from(input.data, 'base64');
    if (!input.uploadId) {
      if (input.offset !== 0) throw validationError({ offset: 'invalid' });
      const uploadId = newId();
      writeFileSync(this.uploadPath(uploadId), bytes);
      return { uploadId, size: bytes.length };
    }
    const path = this.uploadPath(input.uploadId);
    const size = this.uploadSize(input.uploadId);
    // A chunk sent twice, or one lost on the way, would corrupt the file silently.
    if (input.offset !== size) throw new AppError('CONFLICT', `The upload is at byte ${size}, not ${input.offset}.`);
    if (size + bytes.length > MAX_IMPORT_BYTES) throw fileError('too_large', 'The file is larger than 512 MB.');
    appendFileSync(path, bytes);
    return { uploadId: input.uploadId, size: size + bytes.length };
  }

  /** The file's header, first rows and a guess of which field each column holds. */
  preview(uploadId: string): ImportPreview {
    const { headers, rows, delimiter } = this.readHeader(uploadId);
    return { headers, rows, delimiter, mapping: guessMapping(headers, listCustomFieldDefinitions(this.sql)) };
  }

  private readHeader(uploadId: string) {
    const head = this.readHead(uploadId);
    const parsed = Papa.parse<string[]>(head.text, { preview: PREVIEW_ROWS + 1, skipEmptyLines: 'greedy' });
    const [headers = [], ...rows] = parsed.data;
    const linebreak = parsed.meta.linebreak as '\r\n' | '\n' | '\r';
    return { headers, rows, delimiter: parsed.meta.delimiter, linebreak };
  }

  start(actor: Actor, input: { uploadId: string; mapping: (ImportTarget | null)[]; duplicates: DuplicateMode }): CsvJob {
    const { headers, delimiter, linebreak } = this.readHeader(input.uploadId);
    if (input.mapping.length > headers.length) throw validationError({ mapping: 'invalid' });
    const active = new Set(
      listCustomFieldDefinitions(this.sql)
        .filter((d) => d.active)
        .map((d) => d.key),
    );
    const unknown = input.mapping.find((t) => t !== null && isCustomTarget(t) && !active.has(t.slice(t.indexOf('.') + 1)));
    if (unknown)
      throw validationError({ mapping: 'unknown_field' }, `No active custom field for the column mapped to ${unknown}.`);
    const file = this.uploadPath(input.uploadId);
    const size = this.uploadSize(input.uploadId);
    const day = new Date(Date.now()).toISOString().slice(0, 10);
    return this.jobs.start('import', `clientela-import-report-${day}.csv`, null, async (job) => {
      const checkpointer = new WalCheckpointer(this.sql.db.name);
      const run = new ImportRun(
        this.sql,
        this.writes,
        this.customers,
        actor,
        input.mapping,
        input.duplicates,
        this.dayFirst(),
        checkpointer,
      );
      // Skipping or creating duplicates reads no row it writes: those rows are written by a thread
      // of their own while main checks the next ones. Updating reads what it changes: main writes.
      const writer =
        this.writerThread && input.duplicates !== 'update'
          ? new WriteWorker(this.sql.db.name, { checkpoints: !checkpointer.running })
          : null;
      const report = createWriteStream(job.file);
      const source = createReadStream(file, { highWaterMark: READ_BYTES });
      let rowNumber = 0;
      // Rows in the file, estimated from the rows per byte read so far (exact once it is all read).
      const estimate = () =>
        source.bytesRead > 0 ? Math.max(run.rowsDone, Math.round(((rowNumber - 1) * size) / source.bytesRead)) : null;
      let batch: { row: number; cells: string[] }[] = [];
      let restartAt = MAX_WAL_FRAMES;
      /** The transaction the writer thread is running (one at a time), with its issues reported once it commits. */
      let committing: Promise<void> = Promise.resolve();
      const committed = async () => {
        await committing;
        committing = Promise.resolve();
      };
      const flush = async (): Promise<boolean> => {
        let at = 0;
        while (at < batch.length) {
          // Let the checkpoints catch up and the WAL start over, rather than grow it with the file.
          if (checkpointer.running && checkpointer.walFrames > restartAt)
            restartAt = (await checkpointer.restartWal()) ? MAX_WAL_FRAMES : checkpointer.walFrames + MAX_WAL_FRAMES;
          if (input.duplicates === 'update') {
            const { used, issues } = run.write(batch, at);
            at += used;
            if (issues.length > 0) await write(report, issuesCsv(issues));
          } else {
            // These rows are checked while the previous ones commit; then they go to commit in turn.
            const prepared = run.prepare(batch, at);
            at += prepared.used;
            await committed();
            if (writer) await this.backupsCopied();
            committing = run.commit(prepared, writer).then(async () => {
              if (prepared.issues.length > 0) await write(report, issuesCsv(prepared.issues));
            });
            // Awaited before the next rows go, or when the job ends; a failure ends the job there.
            committing.catch(() => {});
          }
          job.progress(run.rowsDone, estimate());
          job.report(run.summary());
          // One write's worth of checking per turn of the event loop: two in one turn add up.
          if (await job.slice(true)) {
            await committed();
            return true;
          }
        }
        batch = [];
        return false;
      };
      try {
        await write(report, `${UTF8_BOM}row,field,reason,value\r\n`);
        for await (const records of csvRecords(source, delimiter, linebreak)) {
          for (const cells of records) {
            rowNumber++;
            // The header is the spreadsheet's row 1.
            if (rowNumber > 1) batch.push({ row: rowNumber, cells });
          }
          if (await flush()) return;
        }
        await committed();
        job.progress(run.rowsDone, run.rowsDone);
      } finally {
        source.destroy();
        // A transaction still running when the job failed ends before the connection closes.
        await committing.catch(() => {});
        await writer?.close();
        // The worker's last checkpoint copies everything into the database file and flushes it.
        await checkpointer.restartWal();
        await checkpointer.stop();
        // What the job reports as imported is on disk.
        this.writes.flushToDisk();
        job.report(run.summary());
        // The report of a cancelled or failed import is worth reading too.
        report.end();
        await once(report, 'finish').then(job.fileReady, () => {});
      }
    });
  }

  private dayFirst(): boolean {
    // Only the United States' way writes the month first among the stores we serve.
    return !/^en-US$/i.test(this.settings.get().locale ?? '');
  }

  private uploadPath(id: string): string {
    return join(this.jobs.dir, `${id}.upload`);
  }

  private uploadSize(id: string): number {
    try {
      return statSync(this.uploadPath(id)).size;
    } catch {
      throw new AppError('NOT_FOUND', 'This upload does not exist (it may have expired): choose the file again.');
    }
  }

  /** The first bytes, checked: not empty, text, UTF-8, with a header. */
  private readHead(uploadId: string): { text: string } {
    const size = this.uploadSize(uploadId);
    const fd = openSync(this.uploadPath(uploadId), 'r');
    const bytes = Buffer.alloc(Math.min(size, HEAD_BYTES));
    try {
      readSync(fd, bytes, 0, bytes.length, 0);
    } finally {
      closeSync(fd);
    }
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      throw fileError('encoding', 'The file is UTF-16: save it as "CSV UTF-8".');
    }
    if (bytes.includes(0)) throw fileError('not_csv', 'This is not a CSV file.');
    let text: string;
    try {
      // stream: a character cut at the end of the head is not an error.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: size > bytes.length });
    } catch {
      throw fileError('encoding', 'The file is not UTF-8: save it as "CSV UTF-8".');
    }
    text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') throw fileError('empty', 'The file is empty.');
    const header = Papa.parse<string[]>(text, { preview: 1 }).data[0] ?? [];
    if (header.every((h) => h.trim() === '')) throw fileError('no_header', 'The first row should name the columns.');
    return { text };
  }
}

/** A row read and checked field by field, before any lookup. */
interface ReadRow {
  row: number;
  data: CustomerCreateInput;
  matchId: string | undefined;
  /** What the row said, for the report. */
  cells: ImportedRow;
  /** The default addresses' and first contact's cells, if the row has any: rows once we know whether it creates or updates. */
  parts: ChildCells | null;
  /** The duplicate probe: E.164 phone, lower-case email, upper-case document and tax ID (as the form's check). */
  probe: { phone: string | null; email: string | null; idDocNumber: string | null; taxId: string | null };
}

type Issue = ImportIssue & { value: string };

/** A transaction's rows checked and recorded on main, waiting to commit. */
interface PreparedWrite {
  used: number;
  counts: Record<Outcome, number>;
  issues: Issue[];
  recorded: RecordedWrite;
}

/**
 * Membership codes handed out but maybe not in the store yet (their transaction is still
 * committing): a new code must be none of these either.
 */
class CodeReservations {
  private previous = new Set<string>();
  private current = new Set<string>();

  has(code: string): boolean {
    return this.current.has(code) || this.previous.has(code);
  }

  add(code: string): void {
    this.current.add(code);
  }

  /** A new transaction is being prepared: the one before the last has committed. */
  nextBatch(): void {
    this.previous = this.current;
    this.current = new Set();
  }
}
type ChildCells = { billing?: AddressCells; shipping?: AddressCells; contact?: ContactCells };

const ADDRESS_CELLS = addressInputSchema
  .pick({ line1: true, line2: true, city: true, region: true, postalCode: true, country: true })
  .partial();
const CONTACT_CELLS = contactInputSchema.pick({ name: true, role: true, phone: true, email: true }).partial();

/**
 * One import's rows -> customers, with its counts. Each call of `write` takes as many rows as fit
 * in TASK_MS: it reads and checks them, then in one transaction looks their duplicates up (one
 * indexed query per key for the whole batch when skipping), writes new customers in bulk and
 * updates one by one, all through the write path.
 */
class ImportRun {
  rowsDone = 0;
  private created = 0;
  private updated = 0;
  private skipped = 0;
  private invalid = 0;
  private readonly shown: ImportIssue[] = [];
  private readonly groups: Map<string, string>;
  /** Active users by lower-case name (null: two share it) for `ownerName`. */
  private readonly owners = new Map<string, string | null>();
  private readonly customTypes: Map<string, CustomFieldType>;
  private readonly context: ImportContext;
  /** Rows per write, tuned after each one so a write takes about TASK_MS (from one row: the first pays for warming up). */
  private rowsPerWrite = 1;
  /** Probe keys of the customers created by the transaction still committing (not yet visible to lookups). */
  private committingKeys: ReadonlyMap<string, string[]> | null = null;
  /** Membership codes given by the transaction committing and the one being prepared. */
  private readonly codes = new CodeReservations();
  /** The writer thread stopped: main writes what is left. */
  private writerGone = false;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly customers: CustomerService,
    private readonly actor: Actor,
    private readonly mapping: (ImportTarget | null)[],
    private readonly mode: DuplicateMode,
    private readonly dayFirst: boolean,
    private readonly checkpointer: WalCheckpointer,
  ) {
    this.context = { ...customers.importContext(), reservedCodes: this.codes };
    this.groups = new Map(customers.groups().map((g) => [g.name.toLowerCase(), g.id]));
    this.customTypes = new Map(this.context.customFields.map((d) => [d.key, d.type]));
    for (const user of listUsers(sql)) {
      if (user.active !== 1) continue;
      const name = user.name.trim().toLowerCase();
      this.owners.set(name, this.owners.has(name) ? null : user.id);
    }
  }

  summary(): ImportSummary {
    const { created, updated, skipped, invalid } = this;
    return { created, updated, skipped, invalid, issues: [...this.shown] };
  }

  /** Write rows from `batch[from]` on in one transaction on main; counts move only once it has committed. */
  write(batch: readonly { row: number; cells: string[] }[], from: number): { used: number; issues: Issue[] } {
    const started = performance.now();
    const { used, counts, issues, rows } = this.readRows(batch, from);
    // The transaction before this one has committed: its codes are in the store.
    this.codes.nextBatch();
    this.writes.writeBulk(
      this.actor,
      (tx) => {
        const writer = new BatchWriter(this.sql, tx, this.actor, this.customers, this.context, this.mode, rows, issues, null);
        for (const outcome of writer.run()) counts[outcome]++;
      },
      // While the worker runs the checkpoints, main runs none.
      { checkpoints: !this.checkpointer.running },
    );
    this.account({ used, counts, issues });
    this.rowsPerWrite = pacedUnits(used, performance.now() - started, TASK_MS);
    return { used, issues };
  }

  /**
   * Rows from `batch[from]` on read, checked and looked up now, their transaction recorded for
   * `commit` (skip or create only: nothing here reads a row it writes). They see the rows of the
   * transaction still committing, as one transaction after another would.
   */
  prepare(batch: readonly { row: number; cells: string[] }[], from: number): PreparedWrite {
    const started = performance.now();
    const { used, counts, issues, rows } = this.readRows(batch, from);
    this.codes.nextBatch();
    const { value: created, recorded } = this.writes.record(this.actor, (tx) => {
      const writer = new BatchWriter(
        this.sql,
        tx,
        this.actor,
        this.customers,
        this.context,
        this.mode,
        rows,
        issues,
        this.committingKeys,
      );
      for (const outcome of writer.run()) counts[outcome]++;
      return writer.createdKeys;
    });
    this.committingKeys = created;
    this.rowsPerWrite = pacedUnits(used, performance.now() - started, TASK_MS);
    return { used, counts, issues, recorded };
  }

  /** Commit a prepared write on the writer thread (on main without one); its rows count from then on. */
  async commit(prepared: PreparedWrite, writer: WriteWorker | null): Promise<void> {
    const { statements } = prepared.recorded;
    let onMain = writer === null || this.writerGone;
    if (!onMain) {
      try {
        await writer?.commit(statements);
      } catch (error) {
        // A thread that could not start (or stopped) wrote nothing: main writes it, and the rest.
        if (!(error instanceof WriterStopped)) throw error;
        this.writerGone = true;
        onMain = true;
      }
    }
    if (onMain) this.writes.runRecorded(prepared.recorded, { checkpoints: !this.checkpointer.running });
    else this.writes.committed(prepared.recorded);
    this.account(prepared);
  }

  /** Rows read and checked field by field (no lookups yet), with the count of those at fault. */
  private readRows(batch: readonly { row: number; cells: string[] }[], from: number) {
    const used = Math.min(batch.length - from, this.rowsPerWrite);
    const counts = { created: 0, updated: 0, skipped: 0, invalid: 0 };
    const issues: Issue[] = [];
    const rows: ReadRow[] = [];
    for (let i = from; i < from + used; i++) {
      const { row, cells } = batch[i] as { row: number; cells: string[] };
      const read = this.read(row, cells, issues);
      if (read) rows.push(read);
      else counts.invalid++;
    }
    return { used, counts, issues, rows };
  }

  /** A committed transaction's rows and issues count. */
  private account({ used, counts, issues }: Pick<PreparedWrite, 'used' | 'counts' | 'issues'>): void {
    // Issues found while reading come before those of the transaction: put them back in file order.
    issues.sort((a, b) => a.row - b.row);
    this.rowsDone += used;
    this.created += counts.created;
    this.updated += counts.updated;
    this.skipped += counts.skipped;
    this.invalid += counts.invalid;
    for (const issue of issues) {
      if (this.shown.length >= ISSUES_SHOWN) break;
      this.shown.push({ row: issue.row, field: issue.field, reason: issue.reason });
    }
  }

  /** Cells -> fields checked like the form's (schema, group, owner, phone, address and contact cells), or its issues. */
  private read(row: number, cells: string[], issues: Issue[]): ReadRow | null {
    const imported = rowToInput(cells, this.mapping, this.dayFirst, this.customTypes);
    const { id: matchId, groupName, ownerName, billing, shipping, contact, ...fields } = imported;
    const problem = (errors: Record<string, string>) => {
      for (const [field, reason] of Object.entries(errors)) issues.push({ row, field, reason, value: cellOf(imported, field) });
      return null;
    };
    const input: Record<string, unknown> = { ...fields };
    // Every problem of the row at once, in the order of the checks.
    const names: Record<string, string> = {};
    if (groupName !== undefined) {
      const groupId = this.groups.get(groupName.toLowerCase());
      if (groupId) input.groupId = groupId;
      else names.groupName = 'unknown_group';
    }
    if (ownerName !== undefined) {
      const ownerId = this.owners.get(ownerName.toLowerCase());
      if (ownerId) input.ownerId = ownerId;
      else names.ownerName = ownerId === null ? 'several_users' : 'unknown_user';
    }
    const parts = billing || shipping || contact ? { billing, shipping, contact } : null;
    const parsed = customerCreateSchema.safeParse(input);
    const errors = {
      ...(parsed.success ? {} : zodFieldErrors(parsed.error)),
      ...(parts ? this.partErrors(parts) : {}),
      ...names,
    };
    if (!parsed.success || Object.keys(errors).length > 0) return problem(errors);
    const data = parsed.data;
    let phone: string | null = null;
    if (data.phone?.trim()) {
      phone = parsePhone(data.phone, this.context.country)?.e164 ?? null;
      if (!phone) return problem({ phone: 'invalid_phone' });
    }
    const probe = {
      phone,
      email: data.email?.trim().toLowerCase() || null,
      idDocNumber: data.idDocNumber?.trim().toUpperCase() || null,
      taxId: data.taxId?.trim().toUpperCase() || null,
    };
    return { row, data, matchId, probe, cells: imported, parts };
  }

  /** Each address and contact cell checked on its own (length, country code, phone), keyed by its column. */
  private partErrors(parts: ChildCells): Record<string, string> {
    const errors: Record<string, string> = {};
    const check = (prefix: string, schema: typeof ADDRESS_CELLS | typeof CONTACT_CELLS, cells: object) => {
      const result = schema.safeParse(cells);
      if (!result.success)
        for (const [field, reason] of Object.entries(zodFieldErrors(result.error))) errors[`${prefix}.${field}`] = reason;
    };
    if (parts.billing) check('billing', ADDRESS_CELLS, parts.billing);
    if (parts.shipping) check('shipping', ADDRESS_CELLS, parts.shipping);
    if (parts.contact) {
      check('contact', CONTACT_CELLS, parts.contact);
      if (parts.contact.phone && !errors['contact.phone'] && !parsePhone(parts.contact.phone, this.context.country))
        errors['contact.phone'] = 'invalid_phone';
    }
    return errors;
  }
}

type Outcome = 'created' | 'updated' | 'skipped' | 'invalid';
export const PROBE_KEYS = ['phone', 'email', 'idDocNumber', 'taxId'] as const;
type ProbeKey = (typeof PROBE_KEYS)[number];
/** Where each probe is looked up; email as the form's lookup does, without regard to case. */
const PROBE_SQL: Record<ProbeKey, string> = {
  phone: 'c.phone = j.value',
  email: 'c.email = j.value COLLATE NOCASE',
  idDocNumber: 'c.id_doc_number = j.value',
  taxId: 'c.tax_id = j.value',
};

/** Stored customers whose `key` is any of a JSON array of values (each value's own index lookup). */
export function batchLookupSql(key: ProbeKey): string {
  return `SELECT j.value AS probe, c.id FROM json_each(?) j JOIN customers c ON ${PROBE_SQL[key]} WHERE c.merged_into IS NULL`;
}

/**
 * One transaction's rows. Every row sees the customers the rows before it created or changed,
 * as one row at a time would: new customers wait in `pending` (written in bulk before anything
 * that could read them) and are matched from memory meanwhile.
 */
class BatchWriter {
  private pending: (CheckedCustomer & { id: string })[] = [];
  /** `<probe key>:<value>` -> ids of customers this batch created. */
  readonly createdKeys = new Map<string, string[]>();
  /** For *skip*: the stored customers matching any row's probe, looked up once for the batch. */
  private stored: Map<string, string[]> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly tx: WriteTx,
    private readonly actor: Actor,
    private readonly customers: CustomerService,
    private readonly context: ImportContext,
    private readonly mode: DuplicateMode,
    private readonly rows: readonly ReadRow[],
    private readonly issues: Issue[],
    /** The keys of customers created by the transaction still committing, which lookups cannot see yet. */
    private readonly earlier: ReadonlyMap<string, string[]> | null,
  ) {}

  run(): Outcome[] {
    // Skipping changes no stored customer, so the batch's lookups can all run first.
    if (this.mode === 'skip') this.stored = this.lookUpAll();
    const outcomes = this.rows.map((row) => this.one(row));
    this.flush();
    return outcomes;
  }

  private one({ row, data: fields, matchId, probe, cells, parts }: ReadRow): Outcome {
    /** Which address kind each `addresses.<i>` of the rows sent is, to name an error by its column. */
    let kinds: string[] = [];
    const problem = (errors: Record<string, string>) => {
      for (const [key, reason] of Object.entries(errors)) {
        const field = columnOf(key, kinds);
        this.issues.push({ row, field, reason, value: cellOf(cells, field) });
      }
      return 'invalid' as const;
    };
    let data = fields;
    let targets: string[] = [];
    if (matchId) {
      const found = getCustomerRow(this.sql, matchId);
      if (found && !found.merged_into) targets = [found.id];
    }
    if (targets.length === 0 && this.mode !== 'create') targets = this.matches(probe);
    if (targets.length > 0 && this.mode !== 'create') {
      if (this.mode === 'skip' || targets.length > 1) {
        this.issues.push({ row, field: '_', reason: targets.length > 1 ? 'several_matches' : 'duplicate_skipped', value: '' });
        return 'skipped';
      }
      // Written in the order of the file, as one row at a time would.
      this.flush();
      if (parts) {
        const merged = mergedChildren(this.sql, targets[0] as string, parts);
        kinds = merged.kinds;
        data = { ...data, ...merged.children };
      }
      try {
        this.customers.updateInTx(this.tx, this.actor, targets[0] as string, data);
      } catch (error) {
        if (error instanceof AppError && error.fields) return problem(error.fields);
        throw error;
      }
      return 'updated';
    }
    if (parts) {
      const created = newChildren(parts);
      kinds = created.kinds;
      data = { ...data, ...created.children };
    }
    let checked: CheckedCustomer;
    try {
      checked = this.customers.checkNew(data, this.context);
    } catch (error) {
      if (error instanceof AppError && error.fields) return problem(error.fields);
      throw error;
    }
    const id = newId();
    this.pending.push({ ...checked, id });
    const c = checked.columns;
    const keys: Record<ProbeKey, string | null> = {
      phone: c.phone,
      email: c.email,
      idDocNumber: c.id_doc_number,
      taxId: c.tax_id,
    };
    for (const key of PROBE_KEYS) {
      const value = keys[key];
      if (value === null) continue;
      const ids = this.createdKeys.get(`${key}:${value}`);
      if (ids) ids.push(id);
      else this.createdKeys.set(`${key}:${value}`, [id]);
    }
    return 'created';
  }

  /** Customers (stored or created by this batch) with the row's phone, email, document or tax ID. */
  private matches(probe: ReadRow['probe']): string[] {
    const ids = new Set<string>();
    if (this.stored) {
      for (const key of PROBE_KEYS) for (const id of this.stored.get(`${key}:${probe[key]}`) ?? []) ids.add(id);
    } else {
      for (const d of findLikelyDuplicates(this.sql, { ...probe, firstName: null, lastName: null, dateOfBirth: null }, null))
        ids.add(d.id);
    }
    for (const key of PROBE_KEYS) {
      const value = probe[key];
      if (value === null) continue;
      for (const id of this.createdKeys.get(`${key}:${value}`) ?? []) ids.add(id);
      for (const id of this.earlier?.get(`${key}:${value}`) ?? []) ids.add(id);
    }
    return [...ids];
  }

  /** One indexed query per probe key for the whole batch. */
  private lookUpAll(): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const key of PROBE_KEYS) {
      const values = [...new Set(this.rows.map((r) => r.probe[key]).filter((v): v is string => v !== null))];
      if (values.length === 0) continue;
      const rows = this.sql.raw<{ probe: string; id: string }>(batchLookupSql(key), JSON.stringify(values));
      for (const { probe, id } of rows) {
        const ids = found.get(`${key}:${probe}`);
        if (ids) ids.push(id);
        else found.set(`${key}:${probe}`, [id]);
      }
    }
    return found;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.customers.insertManyInTx(this.tx, this.actor, this.pending, this.context);
    this.pending = [];
  }
}

/** What the row said under a column (`billing.city`, `customFields.size`, `groupName`…), for the report. */
function cellOf(cells: ImportedRow, field: string): string {
  const dot = field.indexOf('.');
  const head = dot < 0 ? field : field.slice(0, dot);
  let value = (cells as Record<string, unknown>)[head];
  if (dot >= 0 && ['billing', 'shipping', 'contact', 'customFields'].includes(head))
    value = (value as Record<string, unknown> | undefined)?.[field.slice(dot + 1)];
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join('; ') : String(value);
}

/** `addresses.<i>.<field>` -> `<kind>.<field>`, `contacts.<i>.<field>` -> `contact.<field>`: errors named by their column. */
function columnOf(key: string, kinds: readonly string[]): string {
  const match = /^(addresses|contacts)\.(\d+)\.(\w+)$/.exec(key);
  if (!match) return key;
  return match[1] === 'contacts' ? `contact.${match[3]}` : `${kinds[Number(match[2])] ?? 'billing'}.${match[3]}`;
}

const addressRow = (kind: 'billing' | 'shipping', cells: AddressCells): AddressInput => ({
  kind,
  line1: cells.line1 ?? null,
  line2: cells.line2 ?? null,
  city: cells.city ?? null,
  region: cells.region ?? null,
  postalCode: cells.postalCode ?? null,
  country: cells.country ?? null,
  isDefault: true,
});
const contactRow = (cells: ContactCells): ContactInput => ({
  name: cells.name ?? null,
  role: cells.role ?? null,
  phone: cells.phone ?? null,
  email: cells.email ?? null,
});

/** A new customer's rows: each address named becomes its kind's default, the contact the first one. */
function newChildren(parts: ChildCells): { children: Partial<CustomerCreateInput>; kinds: string[] } {
  const addresses = (['billing', 'shipping'] as const).flatMap((kind) => {
    const cells = parts[kind];
    return cells ? [addressRow(kind, cells)] : [];
  });
  return {
    children: {
      ...(addresses.length > 0 ? { addresses } : {}),
      ...(parts.contact ? { contacts: [contactRow(parts.contact)] } : {}),
    },
    kinds: addresses.map((a) => a.kind),
  };
}

/**
 * A stored customer's lists with the row's cells written over its default address of each kind
 * and its first contact (an empty cell leaves that part as it is; a missing one is added).
 * Lists the row does not touch are left out, so they stay as they are.
 */
function mergedChildren(
  sql: Sql,
  customerId: string,
  parts: ChildCells,
): { children: Partial<CustomerCreateInput>; kinds: string[] } {
  const children: Partial<CustomerCreateInput> = {};
  let kinds: string[] = [];
  if (parts.billing || parts.shipping) {
    const addresses: AddressInput[] = addressRows(sql, customerId).map((a) => ({
      id: a.id,
      kind: a.kind,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      region: a.region,
      postalCode: a.postal_code,
      country: a.country,
      isDefault: a.is_default === 1,
    }));
    for (const kind of ['billing', 'shipping'] as const) {
      const cells = parts[kind];
      if (!cells) continue;
      const at = addresses.findIndex((a) => a.kind === kind && a.isDefault);
      if (at >= 0) addresses[at] = { ...(addresses[at] as AddressInput), ...cells };
      else addresses.push(addressRow(kind, cells));
    }
    children.addresses = addresses;
    kinds = addresses.map((a) => a.kind);
  }
  if (parts.contact) {
    const contacts: ContactInput[] = contactRows(sql, customerId).map((c) => ({
      id: c.id,
      name: c.name,
      role: c.role,
      phone: c.phone,
      email: c.email,
    }));
    const [first] = contacts;
    if (first) contacts[0] = { ...first, ...parts.contact };
    else contacts.push(contactRow(parts.contact));
    children.contacts = contacts;
  }
  return { children, kinds };
}

function issuesCsv(issues: (ImportIssue & { value: string })[]): string {
  return `${Papa.unparse(
    issues.map((i) => [String(i.row), i.field, i.reason, i.value]),
    { newline: '\r\n', escapeFormulae: FORMULA_START },
  )}\r\n`;
}

/**
 * The file's records, a read's worth at a time. Each read is parsed in one call of papaparse's
 * parser, which keeps back the last record (it may go on in the next read, even inside quotes);
 * its own stream mode re-parses what it holds each time it resumes, which grows with the file.
 * Bytes that are not UTF-8 fail it where they are met, after the records before them.
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer>,
  delimiter: string,
  newline: '\r\n' | '\n' | '\r',
): AsyncGenerator<string[][]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  const decode = (bytes?: Buffer) => {
    try {
      const text = bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      if (!first || text === '') return text;
      first = false;
      return text.replace(/^\uFEFF/, '');
    } catch {
      throw fileError('encoding', 'The file is not UTF-8 beyond its first rows: save it as "CSV UTF-8".');
    }
  };
  /** Records in `text`; `more`: the last one is kept back, and so is what follows it. */
  const parse = (text: string, more: boolean): { records: string[][]; rest: string } => {
    const parsed = new Papa.Parser({ delimiter, newline }).parse(text, 0, more) as Papa.ParseResult<string[]>;
    // Blank lines are skipped, as papaparse's 'greedy' does.
    const records = parsed.data.filter((cells) => cells.join('').trim() !== '');
    return { records, rest: more ? text.slice(parsed.meta.cursor) : '' };
  };
  let rest = '';
  for await (const bytes of source) {
    const next = parse(rest + decode(bytes), true);
    rest = next.rest;
    if (next.records.length > 0) yield next.records;
  }
  const last = parse(rest + decode(), false);
  if (last.records.length > 0) yield last.records;
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
