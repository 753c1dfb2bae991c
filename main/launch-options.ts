import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export interface LaunchOptions {
  web: boolean;
  port: number | undefined;
  dataDir: string;
  demo: boolean;
}

/** The OS user-data folder, the same one Electron's app.getPath('userData') gives for "Clientela". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Clientela');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Clientela');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Clientela');
}

export function parseLaunchOptions(argv: string[]): LaunchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      web: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
    // Electron and Chromium add switches of their own.
    strict: false,
    allowPositionals: true,
  });
  let port: number | undefined;
  if (typeof values.port === 'string') {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  }
  return {
    web: values.web === true,
    port,
    dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultDataDir(),
    demo: values.demo === true,
  };
}
