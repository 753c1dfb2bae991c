import type { HandlerGroup } from '../handlers';
import type { CustomerCsvExport } from './csv-export';
import type { CustomerCsvImport } from './csv-import';
import type { CsvJobs } from './csv-jobs';

export function csvHandlers(
  jobs: CsvJobs,
  csvExport: CustomerCsvExport,
  csvImport: CustomerCsvImport,
): HandlerGroup<
  'customers.exportCsv' | 'csv.job' | 'csv.cancel' | 'customers.importUpload' | 'customers.importPreview' | 'customers.importCsv'
> {
  return {
    'customers.importUpload': (input) => csvImport.upload(input),
    'customers.importPreview': ({ uploadId }) => csvImport.preview(uploadId),
    'customers.importCsv': (input, { actor }) => csvImport.start(actor, input),
    'customers.exportCsv': (input) => csvExport.start(input),
    'csv.job': ({ id }) => jobs.get(id),
    'csv.cancel': ({ id }) => jobs.cancel(id),
  };
}
