import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { CsvJob } from '../../shared/customers/csv';
import type { ImportPreview } from '../../shared/customers/csv-import';
import { ok, type TempApp } from './temp-app';

export type OnDuplicate = 'skip' | 'update' | 'create';

/** Upload a file for import in chunks of `chunk` bytes, as the screen does (by default the whole file in one). */
export async function uploadCsv(t: TempApp, content: string | Buffer, chunk = Number.POSITIVE_INFINITY): Promise<string> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  let uploadId: string | undefined;
  for (let offset = 0; offset === 0 || offset < bytes.length; offset += chunk) {
    const data = bytes.subarray(offset, offset + chunk).toString('base64');
    const answer = await ok<{ uploadId: string }>(t.app, 'customers.importUpload', { uploadId, offset, data });
    uploadId = answer.uploadId;
    if (bytes.length === 0) break;
  }
  return uploadId as string;
}

type ImportOptions = { duplicates?: OnDuplicate; mapping?: (string | null)[]; chunk?: number };

/** Upload, preview and start the import with the preview's mapping (or `mapping`): the job as it started, and the preview. */
export async function startCsvImport(t: TempApp, content: string, options: ImportOptions = {}) {
  const uploadId = await uploadCsv(t, content, options.chunk);
  const preview = await ok<ImportPreview>(t.app, 'customers.importPreview', { uploadId });
  const started = await ok<CsvJob>(t.app, 'customers.importCsv', {
    uploadId,
    mapping: options.mapping ?? preview.mapping,
    duplicates: options.duplicates ?? 'skip',
  });
  return { started, preview };
}

/**
 * Upload, preview, import with the preview's mapping (or `mapping`) and wait for the job: the job,
 * the rows of its report file (none without one) and the preview.
 */
export async function runCsvImport(t: TempApp, content: string, options: ImportOptions = {}) {
  const { started, preview } = await startCsvImport(t, content, options);
  const job = await t.app.csvJobs.settled(started.id);
  const file = t.app.csvJobs.file(job.id);
  const report = file
    ? Papa.parse<Record<string, string>>(readFileSync(file.path, 'utf8').replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data
    : [];
  return { job, report, preview };
}
