import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHILD_COLUMNS, type CsvJob, customFieldColumn } from '../../shared/customers/csv';
import {
  DUPLICATE_MODES,
  type DuplicateMode,
  IMPORT_TARGETS,
  type ImportPreview,
  type ImportTarget,
  UPLOAD_CHUNK_BYTES,
} from '../../shared/customers/csv-import';
import { api, errorData } from '../api/client';
import { useCustomFields } from './use-custom-fields';
import { jobPercent, useCsvJob } from './use-csv-job';

const CHILD_TARGETS = new Set<string>(CHILD_COLUMNS);
const RECORD_TARGETS = IMPORT_TARGETS.filter((target) => !CHILD_TARGETS.has(target));

interface Props {
  onClose(): void;
}

type Step = 'choose' | 'uploading' | 'map';

/** Base64 of some bytes, in pieces so a large chunk never builds one giant argument list. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Choose a CSV file, map its columns, see the first rows, import with a progress bar, read the report. */
export function ImportDialog({ onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const fileId = useId();
  const [step, setStep] = useState<Step>('choose');
  const [uploaded, setUploaded] = useState(0);
  const [fileSize, setFileSize] = useState(0);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<(ImportTarget | null)[]>([]);
  const [duplicates, setDuplicates] = useState<DuplicateMode>('skip');
  const [fileError, setFileError] = useState<string | null>(null);
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [started, setStarted] = useState<CsvJob | null>(null);
  const job = useCsvJob(started);
  const cancelled = useRef(false);
  const definitions = useCustomFields();
  const customTargets = definitions.filter((d) => d.active).map((d) => customFieldColumn(d.key));

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => {
      cancelled.current = true;
    };
  }, []);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    setStep('uploading');
    setFileSize(file.size);
    setUploaded(0);
    try {
      let id: string | undefined;
      let offset = 0;
      do {
        const bytes = new Uint8Array(await file.slice(offset, offset + UPLOAD_CHUNK_BYTES).arrayBuffer());
        const answer = await api.invoke('customers.importUpload', { uploadId: id, offset, data: toBase64(bytes) });
        id = answer.uploadId;
        offset = answer.size;
        if (cancelled.current) return;
        setUploaded(offset);
      } while (offset < file.size);
      const next = await api.invoke('customers.importPreview', { uploadId: id as string });
      setUploadId(id as string);
      setPreview(next);
      setMapping(next.mapping);
      setStep('map');
    } catch (e) {
      const data = errorData(e);
      setFileError(data.fields?.file ?? data.fields?.data ?? data.code);
      setStep('choose');
    }
  };

  const start = async () => {
    if (!uploadId) return;
    setMappingError(null);
    try {
      setStarted(await api.invoke('customers.importCsv', { uploadId, mapping, duplicates }));
    } catch (e) {
      const data = errorData(e);
      if (data.fields?.file) {
        setFileError(data.fields.file);
        setStep('choose');
      } else setMappingError(data.fields?.mapping ?? data.code);
    }
  };

  const targetLabel = (target: ImportTarget): string => {
    if (target === 'id') return t('csvImport.targetId');
    if (target === 'groupName' || target === 'ownerName') return t(`fields.${target === 'groupName' ? 'groupId' : 'ownerId'}`);
    const [head, field] = target.split('.') as [string, string | undefined];
    if (field === undefined) return t(`fields.${target}`);
    if (head === 'customFields') return definitions.find((d) => d.key === field)?.label ?? field;
    if (head === 'contact') return t('csvImport.contactTarget', { field: t(`contactFields.${field}`) });
    return t('csvImport.addressTarget', { kind: t(`addressKinds.${head}`), field: t(`addressFields.${field}`) });
  };
  const targetGroups: [string, readonly ImportTarget[]][] = [
    ['record', RECORD_TARGETS],
    ['children', CHILD_COLUMNS],
    ['custom', customTargets],
  ];
  const summary = job?.summary;
  const percent = job ? jobPercent(job) : null;
  const reportUrl = job?.hasFile ? api.jobFileUrl(job.id) : null;

  return (
    <dialog
      ref={dialog}
      className="dialog dialog-wide import-dialog"
      aria-labelledby="import-title"
      data-testid="import-dialog"
      onCancel={(event) => {
        if (job?.state === 'running') event.preventDefault();
        else onClose();
      }}
    >
      <h2 id="import-title">{t('csvImport.title')}</h2>
      {!job ? (
        <>
          <p className="dialog-hint">{t('csvImport.hint')}</p>
          <div className="field">
            <label htmlFor={fileId}>{t('csvImport.file')}</label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv,text/plain"
              disabled={step === 'uploading'}
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? `${fileId}-error` : undefined}
              onChange={(event) => void choose(event.target.files?.[0])}
              data-testid="import-file"
            />
            {fileError ? (
              <span className="field-error" id={`${fileId}-error`} role="alert" data-testid="import-file-error">
                {t(`csvImport.fileErrors.${fileError}`, { defaultValue: t(`errors.${fileError}`) })}
              </span>
            ) : null}
          </div>
          {step === 'uploading' ? (
            <p className="import-progress" role="status">
              <progress max={fileSize || 1} value={uploaded} aria-label={t('csvImport.uploading')} />
              {t('csvImport.uploading')}
            </p>
          ) : null}
        </>
      ) : null}

      {step === 'map' && preview && !job ? (
        <>
          <div className="import-preview-wrap">
            <table className="import-preview" data-testid="import-preview">
              <thead>
                <tr>
                  {preview.headers.map((header, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a column is its place in the file
                    <th key={i} scope="col">
                      <div className="import-header">{header}</div>
                      <select
                        aria-label={t('csvImport.mapColumn', { column: header })}
                        value={mapping[i] ?? ''}
                        onChange={(event) => {
                          const next = [...mapping];
                          next[i] = (event.target.value || null) as ImportTarget | null;
                          setMapping(next);
                        }}
                        data-testid={`import-map-${i}`}
                      >
                        <option value="">{t('csvImport.ignore')}</option>
                        {targetGroups
                          .filter(([, targets]) => targets.length > 0)
                          .map(([group, targets]) => (
                            <optgroup key={group} label={t(`csvImport.targetGroups.${group}`)}>
                              {targets.map((target) => (
                                <option key={target} value={target}>
                                  {targetLabel(target)}
                                </option>
                              ))}
                            </optgroup>
                          ))}
                      </select>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, r) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity but their place
                  <tr key={r}>
                    {preview.headers.map((_header, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a column is its place in the file
                      <td key={c} className={mapping[c] ? undefined : 'import-ignored'}>
                        {row[c] ?? ''}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="import-duplicates">
            <legend>{t('csvImport.duplicates')}</legend>
            {DUPLICATE_MODES.map((mode) => (
              <label key={mode} className="checkbox">
                <input
                  type="radio"
                  name="import-duplicates"
                  checked={duplicates === mode}
                  onChange={() => setDuplicates(mode)}
                  data-testid={`import-duplicates-${mode}`}
                />
                {t(`csvImport.duplicateModes.${mode}`)}
              </label>
            ))}
          </fieldset>
          {mappingError ? (
            <p className="form-error" role="alert" data-testid="import-mapping-error">
              {t(`csvImport.mappingErrors.${mappingError}`, { defaultValue: t(`errors.${mappingError}`) })}
            </p>
          ) : null}
        </>
      ) : null}

      {job ? (
        <div className="import-status" data-testid="import-status">
          <p role="status">
            <progress max={100} value={percent ?? undefined} aria-label={t('csvImport.progressLabel')} />{' '}
            {job.state === 'running'
              ? t('csvImport.running', { count: job.processed })
              : t(`csvImport.states.${job.state}`, { count: job.processed })}
          </p>
          {summary ? (
            <ul className="import-summary" data-testid="import-summary">
              <li>{t('csvImport.created', { count: summary.created })}</li>
              <li>{t('csvImport.updated', { count: summary.updated })}</li>
              <li>{t('csvImport.skipped', { count: summary.skipped })}</li>
              <li className={summary.invalid > 0 ? 'import-invalid' : undefined}>
                {t('csvImport.invalid', { count: summary.invalid })}
              </li>
            </ul>
          ) : null}
          {job.error ? (
            <p className="form-error" role="alert" data-testid="import-error">
              {/* Not the generic "nothing was changed": the rows before the failure are in. */}
              {job.error.fields?.file
                ? t(`csvImport.fileErrors.${job.error.fields.file}`)
                : t(job.error.code === 'DISK_FULL' ? 'csvImport.failedDiskFull' : 'csvImport.failedNote')}
            </p>
          ) : null}
          {summary && summary.issues.length > 0 ? (
            <table className="import-issues" data-testid="import-issues">
              <caption>{t('csvImport.issuesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('csvImport.row')}</th>
                  <th scope="col">{t('csvImport.field')}</th>
                  <th scope="col">{t('csvImport.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.issues.map((issue) => (
                  <tr key={`${issue.row}-${issue.field}`}>
                    <td>{issue.row}</td>
                    <td>{issue.field === '_' ? '' : targetLabel(issue.field as ImportTarget)}</td>
                    <td>
                      {t(`csvImport.reasons.${issue.reason}`, {
                        defaultValue: t(`errors.${issue.reason}`, { country: '' }),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}

      <div className="form-actions">
        {job?.state === 'running' ? (
          <button
            type="button"
            className="button-secondary"
            onClick={() => void api.invoke('csv.cancel', { id: job.id }).catch(() => {})}
            data-testid="import-cancel"
          >
            {t('csvImport.cancel')}
          </button>
        ) : (
          <button type="button" className="button-secondary" onClick={onClose} data-testid="import-close">
            {job ? t('csvImport.close') : t('details.cancel')}
          </button>
        )}
        {job && job.state !== 'running' && reportUrl && summary && summary.issues.length > 0 ? (
          <a className="button-secondary" href={reportUrl} download={job.fileName} data-testid="import-report">
            {t('csvImport.downloadReport')}
          </a>
        ) : null}
        {!job && step === 'map' ? (
          <button type="button" className="button-primary" onClick={() => void start()} data-testid="import-start">
            {t('csvImport.start')}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
