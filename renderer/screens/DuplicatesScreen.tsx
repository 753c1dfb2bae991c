import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName } from '../../shared/customers/customer';
import type { DuplicatePair, DuplicateSide } from '../../shared/customers/duplicates';
import type { CountryCode } from '../../shared/phone';
import { api, errorData } from '../api/client';
import { MergeDialog } from '../customers/MergeDialog';
import { formatPhoneForStore } from '../format';
import { useAppStore } from '../stores/app-store';
import type { Message } from '../i18n/message';

/** Pairs wanted on screen before the scan pauses for "Look for more". */
const PAGE = 10;

/** Likely duplicates among all customers: merge them, or say they are different people. */
export function DuplicatesScreen() {
  const { t } = useTranslation();
  const settings = useAppStore((s) => s.info?.settings);
  const [pairs, setPairs] = useState<DuplicatePair[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [notice, setNotice] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  /** Ask main for pages until PAGE more pairs arrive or the scan ends; each call is short, so main stays free. */
  const scan = useCallback(async (from: string | null, have: number) => {
    const run = ++generation.current;
    setScanning(true);
    setError(null);
    let cursor = from;
    let found = 0;
    try {
      for (;;) {
        const page = await api.invoke('duplicates.list', { cursor, limit: PAGE });
        if (run !== generation.current) return;
        found += page.pairs.length;
        setPairs((list) => [...list, ...page.pairs]);
        cursor = page.next;
        setNext(cursor);
        if (cursor === null) {
          setDone(true);
          break;
        }
        if (have + found >= PAGE) break;
      }
    } catch (e) {
      setError(errorData(e).code);
    } finally {
      if (run === generation.current) setScanning(false);
    }
  }, []);

  useEffect(() => {
    void scan(null, 0);
    return () => {
      generation.current++;
    };
  }, [scan]);

  if (!settings) return null;
  const drop = (pair: DuplicatePair) => setPairs((list) => list.filter((p) => !(p.a.id === pair.a.id && p.b.id === pair.b.id)));
  const dismiss = async (pair: DuplicatePair) => {
    try {
      await api.invoke('duplicates.dismiss', { a: pair.a.id, b: pair.b.id });
      drop(pair);
      setNotice({ key: 'duplicatesView.dismissed' });
    } catch (e) {
      setError(errorData(e).code);
    }
  };

  return (
    <section className="duplicates-screen" data-testid="screen-duplicates">
      <div className="toolbar">
        <h1>{t('duplicatesView.title')}</h1>
      </div>
      <p className="muted">{t('duplicatesView.hint')}</p>
      {notice ? (
        <p className="notice" role="status" data-testid="duplicates-notice">
          {t(notice.key, notice.values)}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      <ul className="pair-list" data-testid="pair-list">
        {pairs.map((pair) => (
          <li key={`${pair.a.id}-${pair.b.id}`} className="pair" data-testid="duplicate-pair">
            <PairSide side={pair.a} country={settings.country} />
            <PairSide side={pair.b} country={settings.country} />
            <div className="pair-actions">
              <div>
                {pair.reasons.map((reason) => (
                  <span key={reason} className="chip chip-reason">
                    {t(`duplicates.reason.${reason}`)}
                  </span>
                ))}
              </div>
              <button type="button" className="button-primary" onClick={() => setMerging(pair)} data-testid="merge-pair">
                {t('duplicatesView.merge')}
              </button>
              <button type="button" className="button-secondary" onClick={() => void dismiss(pair)} data-testid="dismiss-pair">
                {t('duplicatesView.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p className="list-meta" aria-live="polite" data-testid="duplicates-status">
        {scanning
          ? t('duplicatesView.scanning')
          : done
            ? pairs.length === 0
              ? t('duplicatesView.none')
              : t('duplicatesView.end')
            : null}
      </p>
      {!scanning && !done ? (
        <button type="button" className="button-secondary" onClick={() => void scan(next, 0)} data-testid="more-pairs">
          {t('duplicatesView.more')}
        </button>
      ) : null}
      {merging ? (
        <MergeDialog
          pair={merging}
          settings={settings}
          onClose={() => setMerging(null)}
          onMerged={(winner) => {
            drop(merging);
            setMerging(null);
            setNotice({ key: 'duplicatesView.merged', values: { name: displayName(winner) } });
          }}
        />
      ) : null}
    </section>
  );
}

function PairSide({ side, country }: { side: DuplicateSide; country: CountryCode }) {
  const { t } = useTranslation();
  return (
    <div className="pair-side">
      <strong>{displayName(side) || t('fields.none')}</strong>
      {side.status !== 'active' ? (
        <span className={`chip chip-${side.status}`}>{t(`customers.status.${side.status}`)}</span>
      ) : null}
      <div className="muted">
        {[formatPhoneForStore(side.phone, country), side.email, side.idDocNumber, side.taxId, side.dateOfBirth]
          .filter(Boolean)
          .join(' · ')}
      </div>
      <div className="muted">{side.membershipCode}</div>
    </div>
  );
}
