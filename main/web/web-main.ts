import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type App, startApp } from '../app';
import { seedDemoStore } from '../demo/demo-store';
import { parseLaunchOptions } from '../launch-options';
import { DEFAULT_WEB_PORT, startWebHost } from './web-host';

/** `npm start` without the Electron runtime (or with --web): the same app on 127.0.0.1. */
async function main(): Promise<void> {
  const options = parseLaunchOptions(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const app = await startApp({ dataDir: options.dataDir, transport: 'web' });
  if (options.demo) {
    const seeded = await seedDemoStore(app);
    if (seeded) console.log(`Demo store created: ${seeded.customers} customers, ${seeded.products} products.`);
  }
  const rendererDir = join(here, '..', 'renderer');
  const host = await startOnPort(app, rendererDir, options.port);
  console.log(`Data folder: ${options.dataDir}`);
  console.log(`Clientela is running. Open this address in your browser: ${host.launchUrl}`);
  const stop = async () => {
    await host.close();
    app.backups.stopDaily();
    await app.backups.idle();
    app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A stable default port keeps the page's origin, and with it the browser's saved preferences
 * (language), across launches; if another program holds it, any free port will do.
 */
async function startOnPort(app: App, rendererDir: string, port: number | undefined) {
  if (port !== undefined) return startWebHost({ app, rendererDir, port });
  try {
    return await startWebHost({ app, rendererDir, port: DEFAULT_WEB_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startWebHost({ app, rendererDir, port: 0 });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
