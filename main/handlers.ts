import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../shared/contract';
import { CHANNEL_NAMES } from '../shared/contract';
import type { Role } from '../shared/permissions';
import type { Actor } from '../db/write-path';

/** Who is calling. Until sign-in lands every call runs as the device owner. */
export interface Session {
  userId: string;
  role: Role;
}

export interface CallContext {
  session: Session;
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
