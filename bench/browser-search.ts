// Keystroke to rendered results in Chromium, against the built web host on a generated store.
import { rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, ensureBuilt, findChromium, signInThroughUi, startHost, tempDir } from '../test/e2e/harness';
import { TEST_ADMIN } from '../test/helpers/temp-app';

export interface BrowserSearchTiming {
  p50: number;
  p95: number;
  samples: number;
}

/** Types each query into the search box (as one input event) and times it until the results mark and the next frame. */
export async function measureBrowserSearch(dataDir: string, queries: string[]): Promise<BrowserSearchTiming | null> {
  const executablePath = findChromium();
  if (!executablePath) return null;
  ensureBuilt();
  const host = await startHost(dataDir);
  const profile = tempDir('bench-chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // tsx compiles the evaluated function with esbuild's keepNames, which calls a __name helper.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await page.goto(host.launchUrl);
    await signInThroughUi(page, TEST_ADMIN);
    await page.getByTestId('customer-row').first().waitFor();
    const times: number[] = [];
    for (const query of queries) {
      const ms = await page.evaluate(async (q) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid=customer-search]');
        if (!input) throw new Error('no search box');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
        performance.clearMarks('customers:results');
        const started = performance.now();
        setValue?.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise<void>((resolve) => {
          const check = () => {
            if (performance.getEntriesByName('customers:results').length > 0) requestAnimationFrame(() => resolve());
            else setTimeout(check, 0);
          };
          check();
        });
        return performance.now() - started;
      }, query);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0) * 1000) / 1000;
    return { p50: at(50), p95: at(95), samples: times.length };
  } finally {
    await context.close();
    await host.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
