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
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import Papa from 'papaparse';
import { type CsvJob, FORMULA_START, type ImportIssue, type ImportSummary } from '../../shared/customers/csv';
import {
  type DuplicateMode,
  guessMapping,
  type ImportPreview,
  type ImportTarget,
  type ImportedRow,
  MAX_IMPORT_BYTES,
  rowToInput,
} from '../../shared/customers/csv-import';
import { customerCreateSchema } from '../../shared/customers/customer';
import { AppError, validationError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { parsePhone } from '../../shared/phone';
import { zodFieldErrors } from '../../shared/validation';
import { findLikelyDuplicates } from '../../db/customers/customer-duplicates';
import { listGroups } from '../../db/customers/customer-groups';
import { getCustomerRow } from '../../db/customers/customer-queries';
import type { Sql } from '../../db/sql';
import type { Actor, WritePath, WriteTx } from '../../db/write-path';
import type { SettingsService } from '../settings/settings-service';
import type { CustomerService } from './customer-service';
import { UTF8_BOM } from './csv-export';
import type { CsvJobs } from './csv-jobs';

/** Rows read ahead of a write transaction. */
const BATCH_ROWS = 1000;
/** A write transaction ends once it has taken this long (the rest of the batch goes in the next one). */
const TRANSACTION_MS = 20;
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
    const head = this.readHead(uploadId);
    const parsed = Papa.parse<string[]>(head.text, { preview: PREVIEW_ROWS + 1, skipEmptyLines: 'greedy' });
    const [headers = [], ...rows] = parsed.data;
    return { headers, rows, delimiter: parsed.meta.delimiter, mapping: guessMapping(headers) };
  }

  start(actor: Actor, input: { uploadId: string; mapping: (ImportTarget | null)[]; duplicates: DuplicateMode }): CsvJob {
    const { headers, delimiter } = this.preview(input.uploadId);
    if (input.mapping.length > headers.length) throw validationError({ mapping: 'invalid' });
    const file = this.uploadPath(input.uploadId);
    const size = this.uploadSize(input.uploadId);
    const day = new Date(Date.now()).toISOString().slice(0, 10);
    return this.jobs.start('import', `clientela-import-report-${day}.csv`, null, async (job) => {
      const run = new ImportRun(this.sql, this.writes, this.customers, actor, input.mapping, input.duplicates, this.dayFirst());
      const report = createWriteStream(job.file);
      const source = createReadStream(file, { highWaterMark: 256 * 1024 });
      const rows = pipeline(
        source,
        new Utf8Decoder(),
        Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, skipEmptyLines: 'greedy' }),
        () => {},
      );
      let rowNumber = 0;
      // Rows in the file, estimated from the rows per byte read so far (exact once it is all read).
      const estimate = () =>
        source.bytesRead > 0 ? Math.max(run.rowsDone, Math.round(((rowNumber - 1) * size) / source.bytesRead)) : null;
      let batch: { row: number; cells: string[] }[] = [];
      const flush = async (): Promise<boolean> => {
        while (batch.length > 0) {
          const { used, issues } = run.write(batch);
          batch = batch.slice(used);
          if (issues.length > 0) await write(report, issuesCsv(issues));
          job.progress(run.rowsDone, estimate());
          job.report(run.summary());
          if (await job.slice()) return true;
        }
        return false;
      };
      try {
        await write(report, `${UTF8_BOM}row,field,reason,value\r\n`);
        for await (const cells of rows as AsyncIterable<string[]>) {
          rowNumber++;
          // The header is the spreadsheet's row 1.
          if (rowNumber === 1) continue;
          batch.push({ row: rowNumber, cells });
          if (batch.length >= BATCH_ROWS && (await flush())) return;
        }
        if (await flush()) return;
        job.progress(run.rowsDone, run.rowsDone);
      } finally {
        source.destroy();
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

/** One import's rows -> customers, with its counts. */
class ImportRun {
  rowsDone = 0;
  private created = 0;
  private updated = 0;
  private skipped = 0;
  private invalid = 0;
  private readonly shown: ImportIssue[] = [];
  private readonly groups: Map<string, string>;
  private readonly country;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
    private readonly customers: CustomerService,
    private readonly actor: Actor,
    private readonly mapping: (ImportTarget | null)[],
    private readonly mode: DuplicateMode,
    private readonly dayFirst: boolean,
  ) {
    this.groups = new Map(listGroups(sql).map((g) => [g.name.toLowerCase(), g.id]));
    this.country = customers.country();
  }

  summary(): ImportSummary {
    const { created, updated, skipped, invalid } = this;
    return { created, updated, skipped, invalid, issues: [...this.shown] };
  }

  /**
   * Write rows from the front of `batch` in one transaction until it has run TRANSACTION_MS;
   * counts move only once it has committed. Returns how many rows it took and their issues.
   */
  write(batch: { row: number; cells: string[] }[]): { used: number; issues: (ImportIssue & { value: string })[] } {
    const started = performance.now();
    const counts = { created: 0, updated: 0, skipped: 0, invalid: 0 };
    const issues: (ImportIssue & { value: string })[] = [];
    let used = 0;
    this.writes.write(this.actor, (tx) => {
      for (; used < batch.length; used++) {
        if (used > 0 && performance.now() - started > TRANSACTION_MS) break;
        const { row, cells } = batch[used] as { row: number; cells: string[] };
        const outcome = this.importRow(tx, row, cells, issues);
        counts[outcome]++;
      }
    });
    this.rowsDone += used;
    this.created += counts.created;
    this.updated += counts.updated;
    this.skipped += counts.skipped;
    this.invalid += counts.invalid;
    for (const issue of issues) {
      if (this.shown.length >= ISSUES_SHOWN) break;
      this.shown.push({ row: issue.row, field: issue.field, reason: issue.reason });
    }
    return { used, issues };
  }

  private importRow(
    tx: WriteTx,
    row: number,
    cells: string[],
    issues: (ImportIssue & { value: string })[],
  ): 'created' | 'updated' | 'skipped' | 'invalid' {
    const { id: matchId, groupName, ...fields } = rowToInput(cells, this.mapping, this.dayFirst) as ImportedRow;
    const problem = (errors: Record<string, string>) => {
      for (const [field, reason] of Object.entries(errors)) {
        issues.push({ row, field, reason, value: cellOf(fields, field, groupName) });
      }
      return 'invalid' as const;
    };
    const input: Record<string, unknown> = { ...fields };
    if (groupName !== undefined) {
      const groupId = this.groups.get(groupName.toLowerCase());
      if (!groupId) return problem({ groupName: 'unknown_group' });
      input.groupId = groupId;
    }
    const parsed = customerCreateSchema.safeParse(input);
    if (!parsed.success) return problem(zodFieldErrors(parsed.error));
    const data = parsed.data;

    let phone: string | null = null;
    if (data.phone?.trim()) {
      phone = parsePhone(data.phone, this.country)?.e164 ?? null;
      if (!phone) return problem({ phone: 'invalid_phone' });
    }
    let targets: string[] = [];
    if (matchId) {
      const found = getCustomerRow(this.sql, matchId);
      if (found && !found.merged_into) targets = [found.id];
    }
    if (targets.length === 0 && this.mode !== 'create') {
      targets = findLikelyDuplicates(
        this.sql,
        {
          phone,
          email: data.email?.trim().toLowerCase() || null,
          idDocNumber: data.idDocNumber?.trim().toUpperCase() || null,
          taxId: data.taxId?.trim().toUpperCase() || null,
          firstName: null,
          lastName: null,
          dateOfBirth: null,
        },
        null,
      ).map((d) => d.id);
    }
    if (targets.length > 0 && this.mode !== 'create') {
      if (this.mode === 'skip' || targets.length > 1) {
        issues.push({ row, field: '_', reason: targets.length > 1 ? 'several_matches' : 'duplicate_skipped', value: '' });
        return 'skipped';
      }
      try {
        this.customers.updateInTx(tx, this.actor, targets[0] as string, data);
      } catch (error) {
        if (error instanceof AppError && error.fields) return problem(error.fields);
        throw error;
      }
      return 'updated';
    }
    try {
      this.customers.insertCheckedInTx(tx, this.actor, data);
    } catch (error) {
      if (error instanceof AppError && error.fields) return problem(error.fields);
      throw error;
    }
    return 'created';
  }
}

function cellOf(fields: Record<string, unknown>, field: string, groupName: string | undefined): string {
  if (field === 'groupName') return groupName ?? '';
  const value = fields[field.split('.')[0] as string];
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join('; ') : String(value);
}

function issuesCsv(issues: (ImportIssue & { value: string })[]): string {
  return `${Papa.unparse(
    issues.map((i) => [String(i.row), i.field, i.reason, i.value]),
    { newline: '\r\n', escapeFormulae: FORMULA_START },
  )}\r\n`;
}

/** Bytes -> text, refusing what is not UTF-8 (a byte order mark is dropped). */
class Utf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private first = true;

  constructor() {
    super({ decodeStrings: true, readableObjectMode: false });
    this.setEncoding('utf8');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let text = this.decoder.decode(chunk, { stream: true });
      if (this.first && text.length > 0) {
        text = text.replace(/^\uFEFF/, '');
        this.first = false;
      }
      callback(null, text);
    } catch {
      callback(fileError('encoding', 'The file is not UTF-8 beyond its first rows: save it as "CSV UTF-8".'));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      callback(null, this.decoder.decode());
    } catch {
      callback(fileError('encoding', 'The file ends in the middle of a character.'));
    }
  }
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
