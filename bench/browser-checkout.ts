// A scripted checkout in Chromium against the built web host: scan a membership card, scan five
// products, pay; timed inside the page from the first scanned key to the receipt on screen.
import { rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, ensureBuilt, findChromium, startHost, tempDir } from '../test/e2e/harness';

export interface BrowserCheckoutTiming {
  p50: number;
  p95: number;
  samples: number;
}

/**
 * `cardCode` is a membership code in the store at `dataDir`, `barcodes` five product barcodes.
 * Each round types the codes as a scanner would (key events 1 ms apart, then Enter) and waits for
 * the app's own marks; the clock runs from the first key to the frame after the receipt renders.
 */
export async function measureBrowserCheckout(
  dataDir: string,
  cardCode: string,
  barcodes: string[],
  rounds = 20,
): Promise<BrowserCheckoutTiming | null> {
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
    await page.getByTestId('nav-checkout').click();
    await page.getByTestId('product-tile').first().waitFor();
    const times: number[] = [];
    for (let round = 0; round < rounds + 2; round++) {
      const ms = await page.evaluate(
        async ([card, codes]) => {
          const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
          const until = (done: () => boolean) =>
            new Promise<void>((resolve, reject) => {
              const deadline = performance.now() + 10_000;
              const check = () => {
                if (done()) resolve();
                else if (performance.now() > deadline) reject(new Error('checkout did not finish'));
                else setTimeout(check, 0);
              };
              check();
            });
          /** A wedge scanner: one keydown per character, a millisecond apart, then Enter. */
          const scan = async (code: string) => {
            for (const key of [...code, 'Enter']) {
              window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
          };
          const lines = () => document.querySelectorAll('[data-testid=cart-line]').length;
          const quantity = () =>
            [...document.querySelectorAll<HTMLInputElement>('[data-testid=qty-input]')].reduce((s, i) => s + Number(i.value), 0);
          const started = performance.now();
          await scan(card);
          await until(() => document.querySelector('[data-testid=cart-customer]') !== null);
          for (const [i, code] of codes.entries()) {
            await scan(code);
            await until(() => quantity() === i + 1);
          }
          if (lines() === 0) throw new Error('nothing in the cart');
          document.querySelector<HTMLButtonElement>('[data-testid=pay-cash]')?.click();
          await until(() => document.querySelector('[data-testid=receipt-number]') !== null);
          await frame();
          const elapsed = performance.now() - started;
          document.querySelector<HTMLButtonElement>('[data-testid=new-sale]')?.click();
          await until(() => document.querySelector('[data-testid=receipt]') === null);
          return elapsed;
        },
        [cardCode, barcodes] as const,
      );
      if (round >= 2) times.push(ms); // the first two warm the page and the store
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
