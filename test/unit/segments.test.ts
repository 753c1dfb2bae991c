import type { Segment } from '../../shared/customers/segments';
import { ok, openTempApp, type TempApp } from '../helpers/temp-app';

let t: TempApp;
beforeEach(async () => {
  t = openTempApp();
  await ok(t.app, 'customers.quickAdd', { firstName: 'Ana', phone: '6123-4567' });
  await ok(t.app, 'customers.quickAdd', { firstName: 'Beto', email: 'beto@example.com' });
});
afterEach(() => t.close());

describe('saved segments', () => {
  it('save a filter set under a name, with how many customers are in it now', async () => {
    const saved = await ok<Segment>(t.app, 'segments.save', { name: '  Con teléfono ', filters: { hasPhone: true } });
    expect(saved).toMatchObject({ name: 'Con teléfono', filters: { hasPhone: true }, members: 1 });
    await ok(t.app, 'customers.quickAdd', { firstName: 'Caro', phone: '6987-1111' });
    expect(await ok<Segment[]>(t.app, 'segments.list', {})).toEqual([
      expect.objectContaining({ name: 'Con teléfono', members: 2 }),
    ]);
  });

  it('saving the same name again (any case) replaces its filters instead of adding another', async () => {
    const first = await ok<Segment>(t.app, 'segments.save', { name: 'Contactables', filters: { hasPhone: true } });
    const second = await ok<Segment>(t.app, 'segments.save', { name: 'CONTACTABLES', filters: { hasEmail: true } });
    expect(second.id).toBe(first.id);
    expect(await ok<Segment[]>(t.app, 'segments.list', {})).toEqual([
      expect.objectContaining({ name: 'Contactables', filters: { hasEmail: true }, members: 1 }),
    ]);
  });

  it('refuses an empty name or no filters, next to the field, and saves nothing', async () => {
    const before = t.counts();
    expect(await t.app.call('segments.save', { name: ' ', filters: { hasPhone: true } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { name: 'required' } },
    });
    expect(await t.app.call('segments.save', { name: 'Todo', filters: {} })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { filters: 'no_filters' } },
    });
    expect(t.counts()).toEqual(before);
  });

  it('deleting one is audited, synced as one operation, and a second delete is NOT_FOUND', async () => {
    const segment = await ok<Segment>(t.app, 'segments.save', { name: 'Con SMS', filters: { smsConsent: true } });
    await ok(t.app, 'segments.delete', { id: segment.id });
    expect(await ok<Segment[]>(t.app, 'segments.list', {})).toEqual([]);
    const audit = t.app.sql.raw<{ action: string; changes: string }>(
      "SELECT action, changes FROM audit_log WHERE entity = 'segments' ORDER BY rowid DESC LIMIT 1",
    )[0];
    expect(audit?.action).toBe('delete');
    expect(JSON.parse(audit?.changes ?? '[]')).toContainEqual({ field: 'name', old: 'Con SMS', new: null });
    const ops = t.app.sql.raw<{ field: string; value: string }>(
      'SELECT field, value FROM outbox WHERE row_id = ? ORDER BY hlc',
      segment.id,
    );
    expect(ops.at(-1)).toEqual({ field: '_deleted', value: 'true' });
    expect(await t.app.call('segments.delete', { id: segment.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
