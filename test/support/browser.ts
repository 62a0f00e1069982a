import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { migrate, openStore, type Store } from '../../src/store/db';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/admin/seed-demo';
import { buildServer } from '../../src/web/server';
import type { AppDeps } from '../../src/app/context';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, with no background network traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page (evaluated over the DevTools protocol, so the page's CSP stays strict) and returns serious or critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails the test, naming the page and the violations, if axe finds anything serious or critical on it. */
export async function expectAccessible(page: Page): Promise<void> {
  const v = await seriousAccessibilityViolations(page);
  expect(v, `${page.url()}: ${JSON.stringify(v, null, 2)}`).toEqual([]);
}

/** A real server on a temporary SQLite file filled with the demo users, for browser tests. */
export async function startDemoServer(prefix: string): Promise<{ base: string; deps: AppDeps; store: Store; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'conduct.sqlite');
  const store = openStore({ kind: 'sqlite', file });
  await migrate(store, { sqliteFile: file });
  const deps: AppDeps = { store, clock: () => new Date() };
  await seedDemo(deps);
  const server = await buildServer({ deps, sessionSecret: 'e2e-secret-that-is-long-enough-for-cookies', production: true });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not listen on a TCP port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    deps,
    store,
    close: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new browser context signed in as a demo user; page errors and dialogs are collected in `problems`. */
export async function signedInPage(browser: Browser, base: string, username: string, problems: string[]): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${username}: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`${username}: dialog ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
  return page;
}
