import type { Result } from '../../shared/errors';
import type { App } from '../app';
import { isAppUrl } from './window-options';

/** The part of Electron's IpcMainInvokeEvent the guard looks at. */
export interface InvokeEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

const refused: Result<unknown> = { ok: false, error: { code: 'FORBIDDEN', message: 'Request refused: unknown sender.' } };
const malformed: Result<unknown> = { ok: false, error: { code: 'VALIDATION', message: 'Malformed request.' } };

/**
 * The one IPC entry point ('clientela:invoke', `{channel, input}`): the sender must be the top
 * frame of our window showing an app:// page; then the call goes through the same dispatch as
 * the web host (permission, input validation, handler) and returns its Result envelope.
 */
export function createInvokeListener(
  app: Pick<App, 'call'>,
  isOurWindow: (sender: unknown) => boolean,
): (event: InvokeEvent, message: unknown) => Promise<Result<unknown>> {
  return async (event, message) => {
    const frame = event.senderFrame;
    if (!isOurWindow(event.sender) || !frame || frame.parent !== null || !isAppUrl(frame.url)) return refused;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return malformed;
    const { channel, input } = message as { channel?: unknown; input?: unknown };
    if (typeof channel !== 'string') return malformed;
    return app.call(channel, input, windowConnection(event.sender));
  };
}

/** Each window is its own connection, with its own session. */
export function windowConnection(sender: unknown): string {
  const id = (sender as { id?: unknown } | null)?.id;
  return `window:${typeof id === 'number' ? id : 'unknown'}`;
}
