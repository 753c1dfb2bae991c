import { DEFAULT_STORE_SETTINGS, type StoreSettings, storeSettingsSchema } from '../../shared/settings';
import { qb, type Sql } from '../../db/sql';
import type { Actor, WritePath } from '../../db/write-path';

const STORE_KEY = 'store';

export class SettingsService {
  private cached: StoreSettings | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly writes: WritePath,
  ) {}

  get(): StoreSettings {
    if (this.cached) return this.cached;
    const row = this.sql.first(qb.selectFrom('settings').select('value').where('key', '=', STORE_KEY));
    const stored = row ? storeSettingsSchema.partial().safeParse(JSON.parse(row.value)) : null;
    this.cached = { ...DEFAULT_STORE_SETTINGS, ...(stored?.success ? stored.data : {}) } as StoreSettings;
    return this.cached;
  }

  update(actor: Actor, patch: Partial<StoreSettings>): StoreSettings {
    const next = storeSettingsSchema.parse({ ...this.get(), ...patch }) as StoreSettings;
    const value = JSON.stringify(next);
    this.writes.write(actor, (tx) => {
      const exists = this.sql.first(qb.selectFrom('settings').select('key').where('key', '=', STORE_KEY));
      if (exists) tx.update('settings', STORE_KEY, { value });
      else tx.insert('settings', { key: STORE_KEY, value });
    });
    this.cached = next;
    return next;
  }
}
