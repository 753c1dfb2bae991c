import { useTranslation } from 'react-i18next';
import type { CustomerInsights } from '../../shared/checkout/order';
import { formatMoney } from '../format';
import { useLocales } from '../i18n/use-locales';

interface Props {
  monthly: CustomerInsights['monthly'];
  currency: string;
}

/** The most recent months shown; older ones are in the figures, not the chart. */
const MONTHS_SHOWN = 24;
const WIDTH = 520;
const HEIGHT = 170;
const PAD = { top: 12, right: 8, bottom: 28, left: 64 };

/**
 * Net spend per month as an SVG bar chart (ADR 0003: a few dozen bars need no chart library).
 * Screen readers get the same numbers as a table.
 */
export function SpendingChart({ monthly, currency }: Props) {
  const { t } = useTranslation();
  const locales = useLocales();
  const months = monthly.slice(-MONTHS_SHOWN);
  if (months.length === 0) return null;
  const max = Math.max(1, ...months.map((m) => m.spentMinor));
  const min = Math.min(0, ...months.map((m) => m.spentMinor));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + ((max - v) / (max - min)) * plotH;
  const slot = plotW / months.length;
  const bar = Math.max(2, Math.min(28, slot * 0.7));
  const monthLabel = (m: string) =>
    new Intl.DateTimeFormat(locales.date, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
      new Date(`${m}-01T00:00:00Z`),
    );
  const labelEvery = Math.ceil(months.length / 12);
  const ticks = [max, max / 2, 0].map((v) => Math.round(v));
  return (
    <figure className="spending-chart" data-testid="spending-chart">
      <figcaption>{t('purchases.chartTitle')}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('purchases.chartTitle')}
        preserveAspectRatio="xMidYMid meet"
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
              {formatMoney(v, currency, locales.money)}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = PAD.left + i * slot + (slot - bar) / 2;
          const top = y(Math.max(0, m.spentMinor));
          const height = Math.abs(y(m.spentMinor) - y(0));
          return (
            <g key={m.month}>
              <rect
                x={x}
                y={top}
                width={bar}
                height={Math.max(height, m.spentMinor === 0 ? 0 : 1)}
                rx={2}
                className={m.spentMinor < 0 ? 'chart-bar chart-bar-negative' : 'chart-bar'}
              >
                <title>{`${monthLabel(m.month)}: ${formatMoney(m.spentMinor, currency, locales.money)}`}</title>
              </rect>
              {i % labelEvery === 0 ? (
                <text x={x + bar / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-axis">
                  {monthLabel(m.month)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{t('purchases.chartTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('purchases.month')}</th>
            <th scope="col">{t('purchases.spent')}</th>
            <th scope="col">{t('purchases.orders')}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <td>{monthLabel(m.month)}</td>
              <td>{formatMoney(m.spentMinor, currency, locales.money)}</td>
              <td>{m.orders}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
