import type { HandlerGroup } from '../handlers';
import type { CustomerCsvExport } from './csv-export';
import type { CsvJobs } from './csv-jobs';

export function csvHandlers(
  jobs: CsvJobs,
  csvExport: CustomerCsvExport,
): HandlerGroup<'customers.exportCsv' | 'csv.job' | 'csv.cancel'> {
  return {
    'customers.exportCsv': (input) => csvExport.start(input),
    'csv.job': ({ id }) => jobs.get(id),
    'csv.cancel': ({ id }) => jobs.cancel(id),
  };
}
