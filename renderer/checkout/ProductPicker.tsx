import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../shared/checkout/product';
import { formatMoney } from '../format';
import { useLocales } from '../i18n/use-locales';
import { Icon } from '../shell/Icon';
import { useProductSearch } from './use-product-search';

interface Props {
  currency: string;
  onPick(product: Product): void;
}

/** Search box over a grid of large product tiles: tap one, or type and press Enter. */
export function ProductPicker({ currency, onPick }: Props) {
  const locales = useLocales();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useProductSearch(query);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the first tile
  useEffect(() => setActive(0), [query]);

  const onKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const count = search.items.length;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(count - 1, i + (event.key === 'ArrowDown' ? 4 : 1)));
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - (event.key === 'ArrowUp' ? 4 : 1)));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const product = search.items[active];
      if (product && query) {
        onPick(product);
        setQuery('');
      }
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  return (
    <div className="product-picker">
      <div className="search-box">
        <span className="search-icon">
          <Icon name="search" size={18} />
        </span>
        <input
          type="search"
          aria-label={t('checkout.productSearch')}
          placeholder={t('checkout.productSearchPlaceholder')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKey}
          data-testid="product-search"
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {!search.loading && search.items.length === 0 ? (
        <p className="empty" data-testid="no-products">
          {query ? t('checkout.noProducts', { query }) : t('checkout.noCatalogue')}
        </p>
      ) : (
        <ul className="product-grid" aria-label={t('checkout.products')}>
          {search.items.map((product, i) => (
            <li key={product.id}>
              <button
                type="button"
                className={`product-tile${query && i === active ? ' is-active' : ''}`}
                onClick={() => onPick(product)}
                data-testid="product-tile"
              >
                <span className="product-name">{product.name}</span>
                <span className="product-price">{formatMoney(product.priceMinor, currency, locales.money)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
