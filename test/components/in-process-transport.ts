import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transport } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { type App, openApp } from '../../main/app';
import { signInAsAdmin, TEST_PIN_COST } from '../helpers/temp-app';

/** The renderer talking to a real main (handlers, SQLite file) in the same process: no fake in between. */
export function inProcessApp(options: { monotonicNow?: () => number } = {}): {
  app: App;
  transport: Transport;
  close(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'clientela-components-'));
  const real = openApp({
    dataDir: dir,
    transport: 'web',
    dispatch: { validateOutput: true },
    pinCost: TEST_PIN_COST,
    ...options,
  });
  // The screens under test run as the admin, signed in through the first-run channel; every call waits for it.
  const ready = signInAsAdmin(real);
  ready.catch(() => {});
  const app: App = Object.create(real, {
    call: {
      value: async (name: string, input: unknown, connection?: string) => {
        await ready;
        return real.call(name, input, connection);
      },
    },
  });
  let closed = false;
  const transport: Transport = {
    async invoke(channel, input) {
      // A screen may still be fetching when its test ends: answer as a stopped app would.
      if (closed) throw new AppError('INTERNAL', 'NETWORK');
      await ready;
      const result = await app.call(channel, structuredClone(input));
      if (!result.ok) throw AppError.fromData(result.error);
      return structuredClone(result.value) as never;
    },
    subscribe(event, listener) {
      return app.events.on(event, listener);
    },
  };
  return {
    app,
    transport,
    close: () => {
      closed = true;
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
