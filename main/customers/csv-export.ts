import { once } from 'node:events';
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { type CsvJob, csvCell, exportColumns, exportValue, FORMULA_START } from '../../shared/customers/csv';
import type { Customer } from '../../shared/customers/customer';
import type { CustomerFilters } from '../../shared/customers/filters';
import { AppError } from '../../shared/errors';
import { CustomerExportCursor } from '../../db/customers/customer-export';
import { listCustomFieldDefinitions } from '../../db/customers/custom-field-definitions';
import { listUsers } from '../../db/users';
import { getSegmentRow } from '../../db/customers/segments';
import type { Sql } from '../../db/sql';
import type { CustomerService } from './customer-service';
import { type CsvJobs, pacedUnits } from './csv-jobs';

/** UTF-8's byte order mark: without it Excel on Windows reads "José" as "JosÃ©". */
export const UTF8_BOM = '\uFEFF';
const NEWLINE = '\r\n';
/** What reading and formatting one page should take on main: a page of 5,000 took ~140 ms at 100k customers. */
const PAGE_MS = 10;
/** The first page's rowids, before its pace is known. */
const FIRST_PAGE_ROWIDS = 200;

export interface CsvExportRequest {
  query: string;
  includeInactive: boolean;
  filters: CustomerFilters;
  segmentId?: string | undefined;
}

/** The customers a list shows (its search and filters, or a saved segment) as a CSV file, written in slices. */
export class CustomerCsvExport {
  constructor(
    private readonly sql: Sql,
    private readonly customers: CustomerService,
    private readonly jobs: CsvJobs,
    private readonly now: () => number = Date.now,
  ) {}

  start(request: CsvExportRequest): CsvJob {
    let { query, filters } = request;
    if (request.segmentId) {
      const segment = getSegmentRow(this.sql, request.segmentId);
      if (!segment) throw new AppError('NOT_FOUND', 'This segment does not exist.');
      filters = segment.filters;
      query = '';
    }
    const listed = this.customers.search({ query, offset: 0, limit: 1, includeInactive: request.includeInactive, filters });
    const spec = this.customers.exportSpec({ query, includeInactive: request.includeInactive, filters });
    const day = new Date(this.now()).toISOString().slice(0, 10);
    const dbFile = this.sql.db.name;
    const columns = exportColumns(listCustomFieldDefinitions(this.sql));
    const ownerNames = new Map(listUsers(this.sql).map((u) => [u.id, u.name]));
    return this.jobs.start('export', `clientela-customers-${day}.csv`, listed.capped ? null : listed.total, async (job) => {
      const cursor = new CustomerExportCursor(new Database(dbFile, { readonly: true, fileMustExist: true }), spec);
      const out = createWriteStream(job.file);
      let finished = false;
      try {
        await write(out, UTF8_BOM + Papa.unparse([columns], { newline: NEWLINE }) + NEWLINE);
        let written = 0;
        let rowids = FIRST_PAGE_ROWIDS;
        while (!cursor.done) {
          // A page is read and turned into CSV in about PAGE_MS, then written (waiting, not blocking, on the disk).
          const started = performance.now();
          const page = cursor.next(rowids);
          const text = page.length > 0 ? customersCsv(page, columns, ownerNames) : '';
          rowids = pacedUnits(rowids, performance.now() - started, PAGE_MS);
          if (page.length > 0) {
            await write(out, text);
            written += page.length;
            job.progress(written);
          }
          // One page per turn of the event loop.
          if (await job.slice(true)) return;
        }
        job.progress(written, written);
        out.end();
        await once(out, 'finish');
        finished = true;
        job.fileReady();
      } finally {
        cursor.close();
        if (!finished) {
          // A write still in flight fails against the destroyed stream: the file goes anyway, and
          // without a listener that failure would be an uncaught error (the app closing mid-export).
          out.on('error', () => {});
          out.destroy();
          rmSync(job.file, { force: true });
        }
      }
    });
  }
}

/** Rows of customers (no header), ending with a line break. */
export function customersCsv(customers: Customer[], columns: readonly string[], ownerNames: ReadonlyMap<string, string>): string {
  const rows = customers.map((c) => columns.map((column) => csvCell(exportValue(c, column, ownerNames))));
  return Papa.unparse(rows, { newline: NEWLINE, escapeFormulae: FORMULA_START }) + NEWLINE;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}
