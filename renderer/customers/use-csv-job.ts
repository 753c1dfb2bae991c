import { useEffect, useState } from 'react';
import type { CsvJob } from '../../shared/customers/csv';
import { api } from '../api/client';

/** Follow a CSV job (export or import) by its push events, from its state when it started. */
export function useCsvJob(started: CsvJob | null): CsvJob | null {
  const [job, setJob] = useState<CsvJob | null>(started);
  useEffect(() => {
    setJob(started);
    if (!started) return;
    const off = api.subscribe('csv.progress', (next) => {
      if (next.id === started.id) setJob(next);
    });
    // An event sent before we subscribed is not lost: ask once.
    api
      .invoke('csv.job', { id: started.id })
      .then((now) => setJob((seen) => (seen && seen.state !== 'running' ? seen : now)))
      .catch(() => {});
    return off;
  }, [started]);
  return job;
}

/** Save a finished job's file through the browser (a link the transport serves). */
export function downloadJobFile(job: CsvJob): boolean {
  const url = api.jobFileUrl(job.id);
  if (!url) return false;
  const link = document.createElement('a');
  link.href = url;
  link.download = job.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  return true;
}

/** 0..100 when the total is known. */
export function jobPercent(job: CsvJob): number | null {
  if (job.state === 'done') return 100;
  if (!job.total) return null;
  return Math.min(100, Math.floor((job.processed / job.total) * 100));
}
