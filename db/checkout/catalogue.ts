import type { Product } from '../../shared/checkout/product';
import type { ProductsTable } from '../schema';
import { qb, type Sql } from '../sql';

export function rowToProduct(row: ProductsTable): Product {
  return {
    id: row.id,
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    priceMinor: row.price_minor,
    currency: row.currency,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getProductRow(sql: Sql, id: string): ProductsTable | undefined {
  return sql.first(qb.selectFrom('products').selectAll().where('id', '=', id));
}

/** Several products by id, in one query (a cart's lines). */
export function productRows(sql: Sql, ids: readonly string[]): Map<string, ProductsTable> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = sql.raw<ProductsTable>(
    'SELECT * FROM products WHERE id IN (SELECT value FROM json_each(?))',
    JSON.stringify(unique),
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export function productByBarcode(sql: Sql, barcode: string): ProductsTable | undefined {
  return sql.first(qb.selectFrom('products').selectAll().where('barcode', '=', barcode));
}

export function productBySku(sql: Sql, sku: string): ProductsTable | undefined {
  return sql.first(qb.selectFrom('products').selectAll().where('sku', '=', sku));
}

function likePattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Catalogue search by a fragment of name, SKU or barcode: an exact barcode or SKU first, then
 * names by position of the match. A store's catalogue is thousands of rows, not millions.
 */
export function searchProducts(sql: Sql, query: string, includeInactive: boolean, limit: number): ProductsTable[] {
  const q = query.trim();
  const visible = includeInactive ? [0, 1] : [1];
  if (q === '') {
    return sql.all(
      qb.selectFrom('products').selectAll().where('active', 'in', visible).orderBy('name').orderBy('id').limit(limit),
    );
  }
  const pattern = likePattern(q);
  return sql.raw<ProductsTable>(
    `SELECT * FROM products
     WHERE active IN (${visible.join(', ')})
       AND (name LIKE ? ESCAPE '\\' OR sku LIKE ? ESCAPE '\\' OR barcode LIKE ? ESCAPE '\\')
     ORDER BY (barcode = ? OR sku = ? COLLATE NOCASE) DESC, instr(lower(name), lower(?)) = 1 DESC, name, id
     LIMIT ?`,
    pattern,
    pattern,
    pattern,
    q,
    q,
    q,
    limit,
  );
}
