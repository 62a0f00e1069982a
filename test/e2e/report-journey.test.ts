import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/app/admin/seed-demo';
import { launchChromium, seriousAccessibilityViolations, startDemoServer } from '../support/browser';

describe('browser: a call handler records a report and finds it (CS-02, CS-07, XC-03)', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let base: string;
  const pagesChecked: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-');
    base = demo.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function checkAccessibility(page: Page) {
    const violations = await seriousAccessibilityViolations(page);
    pagesChecked.push(new URL(page.url()).pathname);
    expect(violations, `${page.url()}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }

  it('signs in, records a report (after correcting an error), finds it in the list, opens it and sees its log entry', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('dialog', (d) => {
      scriptErrors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });

    await page.goto(`${base}/occurrences`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.title()).toBe('Sign in - Conduct');
    await checkAccessibility(page);

    await page.getByLabel('Username').fill('call.handler');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/occurrences`);
    await expect.poll(() => page.getByTestId('signed-in-user').innerText()).toContain('Priya Shah');
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Record a report' }).first().click();
    await page.waitForURL(`${base}/occurrences/new`);
    await checkAccessibility(page);

    const account = 'He waits outside my house <img src=x onerror=alert(1)> every night and follows me to the bus stop.';
    await page.getByLabel('In person').check();
    await page.getByLabel('Priority').check();
    await page.getByLabel('Location').fill('Headingley, Leeds');
    // First attempt leaves out the first account: the error summary must say so and keep what was typed.
    await page.getByRole('button', { name: 'Record report' }).click();
    await expect.poll(() => page.title()).toBe('Error: Record a report - Conduct');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the first account');
    expect(await page.getByLabel('Location').inputValue()).toBe('Headingley, Leeds');
    await checkAccessibility(page);

    await page.getByLabel('First account').fill(account);
    await page.getByRole('button', { name: 'Record report' }).click();
    await page.waitForURL(/\/occurrences\/11-\d{4}-\d{6}$/);
    const reference = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(`Report recorded as ${reference}`);
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Occurrences' }).click();
    await page.getByLabel('Words in the first account or location').fill('bus stop');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('link', { name: reference });
    await expect.poll(() => row.count()).toBe(1);
    await checkAccessibility(page);

    await row.click();
    await page.waitForURL(`${base}/occurrences/${reference}`);
    const log = page.getByTestId('occurrence-log');
    expect(await log.innerText()).toContain('Report recorded');
    expect(await log.innerText()).toContain('by Priya Shah');
    expect(await page.locator('main').innerText()).toContain(account);
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Policy' }).first().click();
    await page.waitForURL(`${base}/policy`);
    expect(await page.locator('h1').innerText()).toContain('policy');
    await checkAccessibility(page);

    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});
