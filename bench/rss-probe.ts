// Run by bench/run.ts as a plain node process (bundled by esbuild, no tsx): open a store, run the
// searches, report the resident memory a real main process would have.
import { readFileSync } from 'node:fs';
import { openApp } from '../main/app';
import { signInAsAdmin } from '../test/helpers/temp-app';

const [dataDir, queriesFile] = process.argv.slice(2) as [string, string];
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as string[];
const app = openApp({ dataDir, transport: 'web', dispatch: { log: () => {} } });
await signInAsAdmin(app);
for (const query of queries) await app.call('customers.search', { query, limit: 50 });
await app.call('customers.search', { query: '', limit: 100 });
process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss }));
app.close();
