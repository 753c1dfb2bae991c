import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../shared/contract';
import { CHANNEL_NAMES } from '../shared/contract';
import type { Actor } from '../db/write-path';
import type { Session } from './auth/auth-service';

export type { Session };

export interface CallContext {
  /** The transport connection the call came on (an Electron window, the web host's launch token). */
  connection: string;
  /** Who is signed in on it; null only for the channels callable signed out. */
  session: Session | null;
  /** Who the writes name: the signed-in user. */
  actor: Actor;
}

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  ctx: CallContext,
) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

export type HandlerTable = { [C in ChannelName]: Handler<C> };
export type HandlerGroup<C extends ChannelName> = { [K in C]: Handler<K> };

/** Join each domain's handlers into one table: a channel registered twice, or not at all, fails at start. */
export function createHandlerTable(...groups: Partial<HandlerTable>[]): HandlerTable {
  const table: Partial<Record<ChannelName, unknown>> = {};
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (Object.hasOwn(table, name)) throw new Error(`Channel ${name} is registered twice`);
      table[name as ChannelName] = handler;
    }
  }
  const missing = CHANNEL_NAMES.filter((name) => !Object.hasOwn(table, name));
  if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}`);
  return table as HandlerTable;
}
