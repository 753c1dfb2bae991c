import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../app';
import { seedDemoStore } from '../demo/demo-store';
import { parseLaunchOptions } from '../launch-options';
import { startWebHost } from './web-host';

/** `npm start` without the Electron runtime (or with --web): the same app on 127.0.0.1. */
async function main(): Promise<void> {
  const options = parseLaunchOptions(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const app = openApp({ dataDir: options.dataDir, transport: 'web' });
  if (options.demo) {
    const seeded = await seedDemoStore(app);
    if (seeded) console.log(`Demo store created: ${seeded.customers} customers, ${seeded.products} products.`);
  }
  const host = await startWebHost({ app, rendererDir: join(here, '..', 'renderer'), port: options.port });
  console.log(`Data folder: ${options.dataDir}`);
  console.log(`Clientela is running. Open this address in your browser: ${host.launchUrl}`);
  const stop = async () => {
    await host.close();
    app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
