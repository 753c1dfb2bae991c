import type { ClientelaBridge } from '../../shared/bridge';
import {
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  channels,
  type EventName,
  type Events,
  type Transport,
} from '../../shared/contract';
import { AppError, type ErrorData, type Result } from '../../shared/errors';
import { canSignedOut } from '../../shared/permissions';

declare global {
  interface Window {
    clientela?: ClientelaBridge;
  }
}

const TOKEN_KEY = 'clientela.token';

function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw AppError.fromData(result.error);
}

function electronTransport(bridge: ClientelaBridge): Transport {
  return {
    invoke: async (channel, input) => unwrap(await bridge.invoke(channel, input)),
    subscribe: (event, listener) => bridge.subscribe(event, (payload) => listener(payload as never)),
  };
}

/** Take the per-launch token from the address (#token=…) once, then keep it out of sight. */
export function readWebToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(TOKEN_KEY);
}

function webTransport(base: string, token: string | null): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    if (source || !token) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
  };
  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
          body: JSON.stringify({ input }),
        });
      } catch {
        throw new AppError('INTERNAL', 'NETWORK');
      }
      const body = (await response.json().catch(() => null)) as Result<unknown> | null;
      if (!body || typeof body !== 'object' || !('ok' in body)) {
        throw new AppError('INTERNAL', `Unexpected answer (${response.status})`);
      }
      return unwrap(body);
    },
    subscribe(event, listener) {
      connect();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        source?.addEventListener(event, (message) => {
          const payload = JSON.parse((message as MessageEvent<string>).data) as unknown;
          for (const l of listeners.get(event) ?? []) l(payload);
        });
      }
      const typed = listener as (payload: unknown) => void;
      set.add(typed);
      return () => set.delete(typed);
    },
    jobFileUrl: (id) => (token ? `${base}/api/jobs/${encodeURIComponent(id)}/file?token=${encodeURIComponent(token)}` : null),
  };
}

/** The preload bridge inside Electron, the loopback web host in a browser: the same contract either way. */
export function createTransport(win: Window = window): Transport {
  if (win.clientela) return electronTransport(win.clientela);
  return webTransport(win.location.origin, readWebToken(win.location, win.sessionStorage, win.history));
}

let current: Transport | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Called when main answers a call with UNAUTHENTICATED (locked elsewhere, user deactivated): App re-reads the session. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export function setTransport(transport: Transport): void {
  current = transport;
}

function transport(): Transport {
  current ??= createTransport();
  return current;
}

export const api = {
  async invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    try {
      return await transport().invoke(channel, input);
    } catch (error) {
      // A channel that needs a session was refused one (idle past the lock time, locked in another tab, user deactivated).
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED' && !canSignedOut(channels[channel].permission))
        onUnauthenticated?.();
      throw error;
    }
  },
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    return transport().subscribe(event, listener);
  },
  /** The download address of a finished CSV job's file, where the transport has one. */
  jobFileUrl(id: string): string | null {
    return transport().jobFileUrl?.(id) ?? null;
  },
};

export function errorData(error: unknown): ErrorData {
  if (error instanceof AppError) return error.toData();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
