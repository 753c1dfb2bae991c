import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKUP_CHUNK_BYTES, type BackupInfo, type BackupList } from '../../shared/backups';
import type { ErrorData } from '../../shared/errors';
import { api, errorData } from '../api/client';
import { formatDateTime } from '../format';
import type { Message } from '../i18n/message';
import { useLocales } from '../i18n/use-locales';
import { Field } from '../forms/Field';
import { useAppStore } from '../stores/app-store';

/** Error key for a failed call: the field's reason when there is one, else the code. */
const errorKey = (e: ErrorData): string => Object.values(e.fields ?? {})[0] ?? e.code;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Settings > Backups: the automatic copies, a copy now, download, import and restore. */
export function BackupsCard() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const locales = useLocales();
  const [backups, setBackups] = useState<BackupList | null>(null);
  const [keep, setKeep] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ where: string; key: string } | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    const list = await api.invoke('backups.list', {});
    setBackups(list);
    setKeep(String(list.keep));
  }, []);
  const [allowed, setAllowed] = useState(true);
  useEffect(() => {
    load().catch((e: unknown) => {
      const data = errorData(e);
      // Backups are the admin's: other roles do not see the section at all.
      if (data.code === 'FORBIDDEN') setAllowed(false);
      else setError({ where: 'list', key: errorKey(data) });
    });
  }, [load]);
  // The daily backup is made in the background, maybe while this card is open.
  useEffect(() => api.subscribe('backups.created', () => void load().catch(() => {})), [load]);
  if (!info || !allowed) return null;
  const { timeZone } = info.settings;
  const size = new Intl.NumberFormat(locales.money, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const megabytes = new Intl.NumberFormat(locales.money, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const sizeOf = (bytes: number) =>
    bytes < 1024 * 1024 ? size.format(Math.ceil(bytes / 1024)) : megabytes.format(bytes / 1024 / 1024);

  const run = async (what: string, work: () => Promise<Message | null>) => {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
      await load();
    } catch (e) {
      setError({ where: what, key: errorKey(errorData(e)) });
    } finally {
      setBusy(null);
    }
  };

  const saveKeep = () =>
    run('keep', async () => {
      await api.invoke('backups.configure', { keep: Number(keep) });
      return { key: 'backups.keepSaved' };
    });

  const createNow = () =>
    run('create', async () => {
      await api.invoke('backups.create', {});
      return { key: 'backups.created' };
    });

  const download = (backup: BackupInfo) =>
    run(`download-${backup.name}`, async () => {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let offset = 0;
      for (;;) {
        const chunk = await api.invoke('backups.exportChunk', { name: backup.name, offset });
        const bytes = fromBase64(chunk.data);
        parts.push(bytes);
        offset += bytes.length;
        if (chunk.done) break;
      }
      const url = URL.createObjectURL(new Blob(parts, { type: 'application/vnd.sqlite3' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = backup.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return null;
    });

  const importFile = (file: File) =>
    run('import', async () => {
      let uploadId: string | undefined;
      let offset = 0;
      do {
        const bytes = new Uint8Array(await file.slice(offset, offset + BACKUP_CHUNK_BYTES).arrayBuffer());
        const answer = await api.invoke('backups.importChunk', { uploadId, offset, data: toBase64(bytes) });
        uploadId = answer.uploadId;
        offset = answer.received;
      } while (offset < file.size);
      if (!uploadId) throw new Error('empty');
      await api.invoke('backups.import', { uploadId, fileName: file.name.slice(0, 255) });
      return { key: 'backups.imported' };
    });

  const restore = (backup: BackupInfo) =>
    run('restore', async () => {
      await api.invoke('backups.restore', { name: backup.name });
      setConfirming(null);
      // Everything on screen came from the old store: start over from the restored one.
      window.location.reload();
      return { key: 'backups.restored' };
    });

  const errorFor = (where: string) =>
    error?.where === where ? (
      <p className="form-error" role="alert" data-testid={`backups-error-${where}`}>
        {t(`errors.${error.key}`)}
      </p>
    ) : null;

  return (
    <section className="card" data-testid="backups-card">
      <div className="toolbar">
        <h2>{t('backups.title')}</h2>
        <div className="toolbar-actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() => fileInput.current?.click()}
            disabled={busy !== null}
            data-testid="backups-import"
          >
            {busy === 'import' ? t('backups.importing') : t('backups.import')}
          </button>
          <button
            type="button"
            className="button-primary"
            onClick={createNow}
            disabled={busy !== null}
            data-testid="backups-create"
          >
            {busy === 'create' ? t('backups.creating') : t('backups.createNow')}
          </button>
        </div>
      </div>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".db,.sqlite,application/vnd.sqlite3,application/octet-stream"
        data-testid="backups-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      <p className="muted">{t('backups.explain')}</p>
      {errorFor('import')}
      {errorFor('create')}
      {errorFor('list')}
      <div className="backups-keep">
        <Field label={t('backups.keep')} error={error?.where === 'keep' ? error.key : undefined}>
          {(a) => (
            <input
              {...a}
              type="number"
              min={1}
              max={365}
              step={1}
              inputMode="numeric"
              value={keep}
              onChange={(e) => setKeep(e.target.value)}
              data-testid="backups-keep"
            />
          )}
        </Field>
        <button
          type="button"
          className="button-secondary"
          onClick={saveKeep}
          disabled={busy !== null}
          data-testid="backups-keep-save"
        >
          {t('details.save')}
        </button>
      </div>
      {notice ? (
        <p className="notice" role="status" data-testid="backups-notice">
          {t(notice.key, notice.values)}
        </p>
      ) : null}
      <table className="groups-table" data-testid="backups-table">
        <thead>
          <tr>
            <th>{t('backups.when')}</th>
            <th>{t('backups.reason')}</th>
            <th>{t('backups.size')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {backups?.items.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                {t('backups.none')}
              </td>
            </tr>
          ) : null}
          {backups?.items.map((b) => (
            <tr key={b.name} data-testid="backup-row">
              <td>{formatDateTime(b.createdAt, locales.date, timeZone)}</td>
              <td>{t(`backups.reasons.${b.reason}`)}</td>
              <td>{sizeOf(b.size)}</td>
              <td className="row-actions">
                <button type="button" className="link-button" onClick={() => void download(b)} disabled={busy !== null}>
                  {t('backups.download')}
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setConfirming(b)}
                  disabled={busy !== null}
                  data-testid="backup-restore"
                >
                  {t('backups.restore')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming ? (
        <RestoreDialog
          when={formatDateTime(confirming.createdAt, locales.date, timeZone)}
          busy={busy === 'restore'}
          error={error?.where === 'restore' ? t(`errors.${error.key}`) : null}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void restore(confirming)}
        />
      ) : null}
    </section>
  );
}

function RestoreDialog(props: { when: string; busy: boolean; error: string | null; onCancel(): void; onConfirm(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
    return () => element?.close?.();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="restore-title"
      onCancel={props.onCancel}
      data-testid="restore-dialog"
    >
      <h2 id="restore-title">{t('backups.confirmTitle')}</h2>
      <p>{t('backups.confirmText', { when: props.when })}</p>
      {props.error ? (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={props.onCancel} disabled={props.busy}>
          {t('quickAdd.cancel')}
        </button>
        <button
          type="button"
          className="button-danger"
          onClick={props.onConfirm}
          disabled={props.busy}
          data-testid="restore-confirm"
        >
          {props.busy ? t('backups.restoring') : t('backups.confirmRestore')}
        </button>
      </div>
    </dialog>
  );
}
