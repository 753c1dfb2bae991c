import { z } from 'zod';

export const CONSENT_CHANNELS = ['sms', 'email'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * How the customer told us. The app's own: "system" (the phone or email went away), "merge" (two
 * records became one: the most recent explicit choice of either wins), "erasure" (anonymised).
 */
export const CONSENT_SOURCES = [
  'in_store',
  'phone_call',
  'web_form',
  'written',
  'customer_request',
  'system',
  'merge',
  'erasure',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export const setConsentInput = z.strictObject({
  id: z.uuid('invalid'),
  channel: z.enum(CONSENT_CHANNELS, 'invalid'),
  granted: z.boolean('invalid'),
  // People record consent; only the app itself writes its own sources.
  source: z.enum(CONSENT_SOURCES, 'invalid').exclude(['system', 'merge', 'erasure']),
});

export const consentEventSchema = z.object({
  id: z.string(),
  channel: z.enum(CONSENT_CHANNELS),
  granted: z.boolean(),
  source: z.enum(CONSENT_SOURCES),
  userId: z.string(),
  at: z.string(),
});
export type ConsentEvent = z.infer<typeof consentEventSchema>;
