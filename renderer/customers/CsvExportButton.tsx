import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvJob } from '../../shared/customers/csv';
import type { CustomerFilters } from '../../shared/customers/filters';
import { api, errorData } from '../api/client';
import { downloadJobFile, jobPercent, useCsvJob } from './use-csv-job';

interface Props {
  query: string;
  filters: CustomerFilters;
  includeInactive: boolean;
}

/** Export the list as it is filtered now to a CSV file, with progress and cancel; the file downloads when ready. */
export function CsvExportButton({ query, filters, includeInactive }: Props) {
  const { t } = useTranslation();
  const [started, setStarted] = useState<CsvJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useCsvJob(started);
  const downloaded = useRef<string | null>(null);

  useEffect(() => {
    if (job?.state === 'done' && job.hasFile && downloaded.current !== job.id) {
      downloaded.current = job.id;
      if (!downloadJobFile(job)) setError(t('csvExport.noDownload'));
    }
  }, [job, t]);

  const start = async () => {
    setError(null);
    try {
      setStarted(await api.invoke('customers.exportCsv', { query, filters, includeInactive }));
    } catch (e) {
      setError(errorData(e).message);
    }
  };
  const running = job?.state === 'running';
  const percent = job ? jobPercent(job) : null;

  return (
    <div className="csv-export" data-testid="csv-export">
      <button
        type="button"
        className="button-secondary button-small"
        onClick={start}
        disabled={running}
        data-testid="csv-export-start"
      >
        {t('csvExport.button')}
      </button>
      {job ? (
        <span className="csv-export-status" role="status" data-testid="csv-export-status">
          {running ? (
            <>
              <progress max={100} value={percent ?? undefined} aria-label={t('csvExport.progressLabel')} />
              {t('csvExport.running', { count: job.processed })}
              <button
                type="button"
                className="button-secondary button-small"
                onClick={() => api.invoke('csv.cancel', { id: job.id }).catch(() => {})}
                data-testid="csv-export-cancel"
              >
                {t('csvExport.cancel')}
              </button>
            </>
          ) : job.state === 'done' ? (
            <>
              {t('csvExport.done', { count: job.processed })}{' '}
              {api.jobFileUrl(job.id) ? (
                <a href={api.jobFileUrl(job.id) ?? undefined} download={job.fileName} data-testid="csv-export-link">
                  {t('csvExport.again')}
                </a>
              ) : null}
            </>
          ) : job.state === 'cancelled' ? (
            t('csvExport.cancelled')
          ) : (
            t('csvExport.failed', { message: job.error?.message ?? '' })
          )}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
