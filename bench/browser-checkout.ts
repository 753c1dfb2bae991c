// A scripted checkout in Chromium against the built web host: scan a membership card, scan five
// products, pay; timed inside the page from the first scanned key to the receipt on screen.
import { rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, ensureBuilt, findChromium, signInThroughUi, startHost, tempDir } from '../test/e2e/harness';
import { TEST_ADMIN } from '../test/helpers/temp-app';

export interface BrowserCheckoutTiming {
  /** App time: each scan's Enter, and the pay tap, to the screen showing the result, summed over the sale. */
  p50: number;
  p95: number;
  /** The whole sale including the scanner's own typing (1 ms a key here; a real scanner takes ~5). */
  wallP50: number;
  samples: number;
}

/**
 * `cardCode` is a membership code in the store at `dataDir`, `barcodes` five product barcodes.
 * Each round types the codes as a scanner would (key events 1 ms apart, then Enter) and times,
 * with performance.now() in the page, each Enter (and the pay tap) until the DOM shows its result,
 * plus the frame that paints the receipt.
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
    await signInThroughUi(page, TEST_ADMIN);
    await page.getByTestId('nav-checkout').click();
    await page.getByTestId('product-tile').first().waitFor();
    const times: number[] = [];
    const wall: number[] = [];
    for (let round = 0; round < rounds + 2; round++) {
      const ms = await page.evaluate(
        async ([card, codes]) => {
          const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
          // Resolve on the DOM change that shows the result, not on a polling tick.
          const until = (done: () => boolean) =>
            new Promise<void>((resolve, reject) => {
              if (done()) return resolve();
              const timer = setTimeout(() => {
                observer.disconnect();
                reject(new Error('checkout did not finish'));
              }, 10_000);
              const observer = new MutationObserver(() => {
                if (!done()) return;
                observer.disconnect();
                clearTimeout(timer);
                resolve();
              });
              observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
            });
          /** A wedge scanner: one keydown per character, a millisecond apart; resolves when Enter is sent. */
          const scan = async (code: string) => {
            for (const key of code) {
              window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
            window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
          };
          const lines = () => document.querySelectorAll('[data-testid=cart-line]').length;
          const quantity = () =>
            [...document.querySelectorAll<HTMLInputElement>('[data-testid=qty-input]')].reduce((s, i) => s + Number(i.value), 0);
          // App time: from each Enter (and the pay tap) to the screen showing its result.
          let appTime = 0;
          const timed = async (act: () => void | Promise<void>, done: () => boolean) => {
            await act();
            const from = performance.now();
            await until(done);
            appTime += performance.now() - from;
          };
          const started = performance.now();
          await timed(
            () => scan(card),
            () => document.querySelector('[data-testid=cart-customer]') !== null,
          );
          for (const [i, code] of codes.entries())
            await timed(
              () => scan(code),
              () => quantity() === i + 1,
            );
          if (lines() === 0) throw new Error('nothing in the cart');
          await timed(
            () => document.querySelector<HTMLButtonElement>('[data-testid=pay-cash]')?.click(),
            () => document.querySelector('[data-testid=receipt-number]') !== null,
          );
          const from = performance.now();
          await frame();
          appTime += performance.now() - from;
          const elapsed = performance.now() - started;
          document.querySelector<HTMLButtonElement>('[data-testid=new-sale]')?.click();
          await until(() => document.querySelector('[data-testid=receipt]') === null);
          return { appTime, elapsed };
        },
        [cardCode, barcodes] as const,
      );
      if (round >= 2) {
        // The first two warm the page and the store.
        times.push(ms.appTime);
        wall.push(ms.elapsed);
      }
    }
    const at = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 1000) / 1000;
    };
    return { p50: at(times, 50), p95: at(times, 95), wallP50: at(wall, 50), samples: times.length };
  } finally {
    await context.close();
    await host.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
