import type { Page } from 'playwright-core';

/**
 * The names on the list rows a person sees whole: inside both the viewport and the list's own scroll
 * box (the virtual list keeps overscan rows in the DOM below it, clipped), with their text loaded.
 */
export async function rowsInView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid=customer-list]')?.getBoundingClientRect();
    if (!list) return [];
    const top = Math.max(0, list.top);
    const bottom = Math.min(window.innerHeight, list.bottom);
    return [...document.querySelectorAll<HTMLElement>('[data-testid=customer-row]')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.height > 0 && box.top >= top - 0.5 && box.bottom <= bottom + 0.5;
      })
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((row) => row.querySelector('.row-name')?.firstChild?.textContent?.trim() ?? '')
      .filter((name) => name !== '');
  });
}

/** Whether the filter panel is on screen whole, beside the list (not pushed off or squeezed into a scroller). */
export async function panelInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-testid=filter-panel]')?.getBoundingClientRect();
    const list = document.querySelector('[data-testid=customer-list]')?.getBoundingClientRect();
    if (!panel || !list) return false;
    const inViewport =
      panel.top >= 0 && panel.bottom <= window.innerHeight && panel.left >= 0 && panel.right <= window.innerWidth;
    const besideList = panel.left >= list.right || panel.right <= list.left;
    return inViewport && besideList;
  });
}

/** Wait until the rows in view are no longer `before` (the list reloads after the count), and return them. */
export async function rowsInViewChangedFrom(page: Page, before: string[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let now = await rowsInView(page);
  while (Date.now() < deadline && (now.join('|') === before.join('|') || now.length === 0)) {
    await page.waitForTimeout(50);
    now = await rowsInView(page);
  }
  return now;
}
