import { validationError } from '../../shared/errors';
import { parsePhone } from '../../shared/phone';
import type { TwilioCredentials } from '../../shared/twilio';
import type { twilioCredentialsInput } from '../../shared/twilio';
import type { z } from 'zod';
import { auditLocal } from '../../db/local-audit';
import { qb, type Sql } from '../../db/sql';
import type { Actor, FieldChange } from '../../db/write-path';
import type { HandlerGroup } from '../handlers';
import type { SettingsService } from '../settings/settings-service';
import type { SecretStore } from '../secrets/secret-store';

const TOKEN = 'twilio.authToken';
const ACCOUNT_ID = 1;
type Input = z.output<typeof twilioCredentialsInput>;

/**
 * The Twilio account campaigns send from: SID and sender in the `twilio_account` row, the Auth
 * Token as the secret 'twilio.authToken'. The admin's alone; the token goes in, never out. ADR 0014.
 */
export class TwilioCredentialsService {
  constructor(
    private readonly sql: Sql,
    private readonly secrets: SecretStore,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
  ) {}

  get(): TwilioCredentials {
    const row = this.sql.first(qb.selectFrom('twilio_account').selectAll().where('id', '=', ACCOUNT_ID));
    const storage = this.secrets.status();
    const hasAuthToken = this.secrets.has(TOKEN);
    return {
      configured: row !== undefined && hasAuthToken,
      accountSid: row?.account_sid ?? null,
      fromNumber: row?.from_number ?? null,
      messagingServiceSid: row?.messaging_service_sid ?? null,
      hasAuthToken,
      authTokenUnreadable: hasAuthToken && storage === 'ready' && !this.secrets.readable(TOKEN),
      storage,
      updatedAt: row?.updated_at ?? null,
    };
  }

  /** The token for the SMS sender (main only; no channel returns it). */
  authToken(): string | null {
    return this.secrets.get(TOKEN);
  }

  set(actor: Actor, input: Input): TwilioCredentials {
    let fromNumber: string | null = null;
    if (input.fromNumber) {
      const parsed = parsePhone(input.fromNumber, this.settings.get().country);
      if (!parsed) throw validationError({ fromNumber: 'invalid_phone' });
      fromNumber = parsed.e164;
    }
    if (input.authToken === undefined && !this.secrets.has(TOKEN)) throw validationError({ authToken: 'required' });
    // Encrypted before the transaction: a keyring may be slow, or refuse (nothing is written then).
    const sealed = input.authToken === undefined ? null : this.secrets.seal(TOKEN, input.authToken);
    const values = {
      account_sid: input.accountSid,
      from_number: fromNumber,
      messaging_service_sid: input.messagingServiceSid ?? null,
    };
    const at = new Date(this.now()).toISOString();
    this.sql.transaction(() => {
      const before = this.sql.first(qb.selectFrom('twilio_account').selectAll().where('id', '=', ACCOUNT_ID));
      const changes: FieldChange[] = (Object.keys(values) as (keyof typeof values)[])
        .filter((k) => (before?.[k] ?? null) !== values[k])
        .map((k) => ({ field: k, old: before?.[k] ?? null, new: values[k] }));
      if (changes.length > 0) {
        this.sql
          .prepare(
            `INSERT INTO twilio_account (id, account_sid, from_number, messaging_service_sid, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET account_sid = excluded.account_sid, from_number = excluded.from_number,
             messaging_service_sid = excluded.messaging_service_sid, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by`,
          )
          .run(ACCOUNT_ID, values.account_sid, values.from_number, values.messaging_service_sid, at, actor.userId);
        auditLocal(this.sql, actor, 'twilio_account', 'twilio', before ? 'update' : 'create', changes, at);
      }
      if (sealed) this.secrets.write(actor, sealed);
    });
    return this.get();
  }

  clear(actor: Actor): TwilioCredentials {
    this.sql.transaction(() => {
      const before = this.sql.first(qb.selectFrom('twilio_account').selectAll().where('id', '=', ACCOUNT_ID));
      if (before) {
        this.sql.run(qb.deleteFrom('twilio_account').where('id', '=', ACCOUNT_ID));
        auditLocal(
          this.sql,
          actor,
          'twilio_account',
          'twilio',
          'delete',
          (['account_sid', 'from_number', 'messaging_service_sid'] as const).map((k) => ({
            field: k,
            old: before[k],
            new: null,
          })),
          new Date(this.now()).toISOString(),
        );
      }
      this.secrets.delete(actor, TOKEN);
    });
    return this.get();
  }
}

export function twilioHandlers(
  twilio: TwilioCredentialsService,
): HandlerGroup<'twilio.credentials.get' | 'twilio.credentials.set' | 'twilio.credentials.clear'> {
  return {
    'twilio.credentials.get': () => twilio.get(),
    'twilio.credentials.set': (input, { actor }) => twilio.set(actor, input),
    'twilio.credentials.clear': (_input, { actor }) => twilio.clear(actor),
  };
}
