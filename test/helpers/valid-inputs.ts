import type { ChannelName } from '../../shared/contract';

/** A call each channel accepts, against a store holding `customerId` and `segmentId`. Typed so a new channel needs one. */
export function validInputs(ids: { customerId: string; segmentId: string }): Record<ChannelName, Record<string, unknown>> {
  const id = ids.customerId;
  return {
    'app.info': {},
    'settings.get': {},
    'settings.update': { storeName: 'Otra tienda' },
    'sync.status': {},
    'customers.search': { query: 'ana' },
    'customers.get': { id },
    'customers.create': { firstName: 'Beto', email: 'beto@example.com' },
    'customers.quickAdd': { firstName: 'Caro', phone: '6987-1111' },
    'customers.update': { id, patch: { lastName: 'Ríos' } },
    'customers.deactivate': { id },
    'customers.reactivate': { id },
    'customers.history': { id },
    'customers.setConsent': { id, channel: 'sms', granted: true, source: 'in_store' },
    'customers.consentLog': { id },
    'customers.approve': { id },
    'customers.tags': { prefix: '' },
    'groups.list': {},
    'customers.exportData': { id },
    'groups.save': { name: 'Estudiantes', description: null, requiresApproval: false, discountPercent: 5 },
    'segments.list': {},
    'segments.save': { name: 'Con SMS', filters: { smsConsent: true } },
    'segments.delete': { id: ids.segmentId },
  };
}
