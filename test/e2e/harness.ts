import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENS_DIR = join(ROOT, 'test/e2e/screens');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** CHROMIUM_PATH or Debian's chromium. Missing: a loud skip, except under CI where it fails the run. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path)) ?? null;
  if (!found) {
    if (process.env.CI === 'true')
      throw new Error('CI=true but no Chromium found (set CHROMIUM_PATH or apt-get install chromium)');
    console.warn(
      '\n!!!!! E2E TESTS SKIPPED: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium) !!!!!\n',
    );
  }
  return found;
}

/** The e2e tests drive the built app: build it once if this checkout has not. */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist/main/web-main.mjs')) && existsSync(join(ROOT, 'dist/renderer/index.html'))) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Build failed');
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `clientela-${prefix}-`));
}

export interface RunningHost {
  launchUrl: string;
  port: number;
  process: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** `npm start --web` as a user runs it: the built web host on a temp data folder. */
export async function startHost(dataDir: string, extraArgs: string[] = [], port = 0): Promise<RunningHost> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist/main/web-main.mjs'), '--port', String(port), '--data-dir', dataDir, ...extraArgs],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Web host did not start:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Web host exited with ${code}:\n${output.join('')}`));
    });
  });
  return {
    launchUrl,
    port: Number(new URL(launchUrl).port),
    process: child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(executablePath: string): Promise<Browser> {
  const profile = tempDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'es-PA',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`The page logged errors:\n${errors.join('\n')}`);
    },
  };
}

let chromiumPath: string | null | undefined;
function chromiumOnce(): string | null {
  if (chromiumPath === undefined) chromiumPath = findChromium();
  return chromiumPath;
}

/** A block of e2e tests: skipped, loudly, where there is no Chromium (see findChromium). */
export function describeE2e(name: string, body: () => void): void {
  describe.skipIf(!chromiumOnce())(name, body);
}

export interface E2eAppOptions {
  /** Names the temp data folder: clientela-<prefix>-…. */
  prefix: string;
  /** The web host's arguments, e.g. ['--demo']. */
  hostArgs?: string[];
  /** Sign in through the UI as E2E_ADMIN before the first test (off for tests of the first-run and sign-in screens). */
  signIn?: boolean;
  /** Then pick this language in the header. */
  language?: 'en' | 'es';
}

/** The app one describe block drives: read its parts inside tests and hooks (they exist from beforeAll on). */
export interface E2eApp {
  readonly page: Page;
  readonly browser: Browser;
  readonly host: RunningHost;
  readonly dataDir: string;
  /**
   * Stop the web host and start it again on the same data folder and port, as a user reopening the
   * app; with `extraArgs` only, not the first start's (a --demo store is not seeded twice).
   */
  restartHost(extraArgs?: string[]): Promise<void>;
}

/**
 * The set-up every e2e file shares: build if needed, a temp data folder, the web host, Chromium and,
 * when asked, the admin signed in and a language picked; all of it stopped and removed after the block.
 */
export function useE2eApp({ prefix, hostArgs = [], signIn = false, language }: E2eAppOptions): E2eApp {
  let dataDir: string | undefined;
  let host: RunningHost | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = tempDir(prefix);
    host = await startHost(dataDir, hostArgs);
    browser = await openBrowser(chromiumOnce() as string);
    if (signIn) await openSignedIn(browser.page, host.launchUrl);
    if (language) await browser.page.getByTestId(`language-${language}`).click();
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await host?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`The e2e app has no ${name} yet: use it inside a test or a hook`);
    return part;
  };
  return {
    get page() {
      return started(browser, 'browser').page;
    },
    get browser() {
      return started(browser, 'browser');
    },
    get host() {
      return started(host, 'host');
    },
    get dataDir() {
      return started(dataDir, 'data folder');
    },
    async restartHost(extraArgs = []) {
      const running = started(host, 'host');
      await running.stop();
      host = await startHost(started(dataDir, 'data folder'), extraArgs, running.port);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
}

/** Who the e2e tests sign in as: the demo store's admin, and the admin they create on an empty store. */
export const E2E_ADMIN = { name: 'Ana', pin: '2468' } as const;

/**
 * Open the app and sign in through the UI, as a person would: on an empty store the first-run
 * screen creates the admin; otherwise the user's tile and PIN. Once per app launch: the session
 * lives in the web host, so reloads keep it.
 */
export async function openSignedIn(page: Page, launchUrl: string, user: { name: string; pin: string } = E2E_ADMIN) {
  await page.goto(launchUrl);
  await signInThroughUi(page, user);
}

export async function signInThroughUi(page: Page, user: { name: string; pin: string } = E2E_ADMIN): Promise<void> {
  const firstRun = page.getByTestId('first-run');
  const signIn = page.getByTestId('sign-in').or(page.getByTestId('lock-screen'));
  const signedIn = page.getByTestId('user-menu');
  await firstRun.or(signIn).or(signedIn).waitFor();
  if (await signedIn.isVisible()) return;
  if (await firstRun.isVisible()) {
    await page.getByTestId('first-run-name').fill(user.name);
    await page.getByTestId('first-run-pin').fill(user.pin);
    await page.getByTestId('first-run-confirm').fill(user.pin);
    await page.getByTestId('first-run-submit').click();
  } else {
    // The tiles arrive a moment after the screen; the lock screen has the PIN field at once.
    const tile = page.getByTestId('user-tile').first();
    await tile.or(page.getByTestId('pin')).waitFor();
    if (await tile.isVisible()) {
      await page
        .getByTestId('user-tile')
        .filter({ has: page.getByText(user.name, { exact: true }) })
        .click();
    }
    await page.getByTestId('pin').fill(user.pin);
    await page.getByTestId('sign-in-submit').click();
  }
  await page.getByTestId('user-menu').waitFor();
}
