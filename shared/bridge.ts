import type { Result } from './errors';

/** What the Electron preload exposes as window.clientela (and nothing more). */
export interface ClientelaBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export const IPC_INVOKE = 'clientela:invoke';
export const IPC_EVENT = 'clientela:event';
