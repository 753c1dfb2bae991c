import { z } from 'zod';

/** Twilio's Account SID: "AC" and 32 hex digits. */
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** A Messaging Service SID: "MG" and 32 hex digits. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
/** An Auth Token (or an API key's secret): 32 letters and digits. */
export const AUTH_TOKEN = /^[0-9A-Za-z]{32}$/;

const optionalText = (max: number) =>
  z
    .string('invalid')
    .trim()
    .max(max, 'too_long')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/**
 * What the admin saves. `authToken` left out keeps the token already saved (changing the number
 * does not mean typing the token again); the token is never sent back (ADR 0014).
 */
export const twilioCredentialsInput = z
  .strictObject({
    accountSid: z.string('invalid').trim().regex(ACCOUNT_SID, 'invalid_account_sid'),
    authToken: z.string('invalid').trim().regex(AUTH_TOKEN, 'invalid_auth_token').optional(),
    /** Parsed with the store's country and kept as E.164 (main checks it: the country is the store's). */
    fromNumber: optionalText(30),
    messagingServiceSid: optionalText(34).refine((v) => v == null || MESSAGING_SERVICE_SID.test(v), 'invalid_service_sid'),
  })
  .superRefine((value, ctx) => {
    if (!value.fromNumber && !value.messagingServiceSid)
      ctx.addIssue({ code: 'custom', path: ['fromNumber'], message: 'from_or_service' });
  });
export type TwilioCredentialsInput = z.input<typeof twilioCredentialsInput>;

/** What anyone is told about the saved credentials: never the token, nor any part of it. */
export const twilioCredentialsSchema = z.strictObject({
  configured: z.boolean(),
  accountSid: z.string().nullable(),
  fromNumber: z.string().nullable(),
  messagingServiceSid: z.string().nullable(),
  hasAuthToken: z.boolean(),
  /** A token is saved but cannot be decrypted here (another computer's key, a lost key file): enter it again. */
  authTokenUnreadable: z.boolean(),
  /** This computer has nowhere safe to keep a token: what to do, as an error code the UI translates. */
  storage: z.enum(['ready', 'unavailable', 'key_insecure']),
  updatedAt: z.string().nullable(),
});
export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;
