import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence } from '../../src/app/intake/classification';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { findUserByUsername } from '../../src/store/repositories/users';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';

/** The management information dashboard and the compliance report in a browser: charts, drill-downs, accessibility. */
describe('browser: management information and compliance', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let restricted: string;
  const problems: string[] = [];
  const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 4, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-mi-');
    const handler = (await findUserByUsername(demo.store.db, 'call.handler'))!;
    const officer = (await findUserByUsername(demo.store.db, 'attending.officer'))!;
    for (let i = 0; i < 3; i++) {
      const o = await recordOccurrence(demo.deps, handler, { receivedAt: new Date(Date.now() - (i + 1) * 3600_000).toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: `My ex follows me to work (${i}).` });
      await classifyOccurrence(demo.deps, officer, o.reference, { answers: four, offence: 's2A' });
    }
    const r = await recordOccurrence(demo.deps, handler, { receivedAt: new Date(Date.now() - 600_000).toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'A colleague at the station follows me.' });
    await classifyOccurrence(demo.deps, officer, r.reference, { answers: four, offence: 's2A' });
    await markWorkforceInvolvement(demo.deps, handler, r.reference, { reason: 'A police officer is the suspect' });
    restricted = r.reference;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** Counts the rows of a drill-down, following its "Next page" links. */
  async function rowsOfDrillDown(page: Page): Promise<number> {
    let rows = await page.getByTestId('record-row').count();
    while ((await page.getByRole('link', { name: 'Next page' }).count()) > 0) {
      await page.getByRole('link', { name: 'Next page' }).click();
      rows += await page.getByTestId('record-row').count();
    }
    return rows;
  }

  it('the dashboard renders its charts; a drill-down lists as many records as its figure; the pages pass axe', { timeout: 180_000 }, async () => {
    const page = await signedInPage(browser, demo.base, 'diu.analyst', problems);
    await page.getByRole('link', { name: 'Management information' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Management information' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('svg[role="img"]').count()).toBe(9);
    await expect(page.getByRole('img', { name: /Stalking and harassment/ }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // Stalking: the three ordinary s2A reports; the restricted one is not counted for the analyst.
    const table = page.getByTestId('table-classification');
    const stalking = table.getByRole('row', { name: /^Stalking/ }).getByRole('link');
    const figure = Number((await stalking.innerText()).replace(/\D.*$/s, ''));
    expect(figure).toBe(3);
    await stalking.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Stalking occurrences' }).isVisible()).resolves.toBe(true);
    expect(Number(await page.getByTestId('record-count').innerText())).toBe(figure);
    await expectAccessible(page);
    expect(await rowsOfDrillDown(page)).toBe(figure);
    expect(await page.content()).not.toContain(restricted);

    // Reports received this period: the headline figure, through the pages of its drill-down.
    await page.goto(`${demo.base}/management-information`);
    const received = Number((await page.getByTestId('headline-received').innerText()).replace(/\D.*$/s, ''));
    await page.getByTestId('headline-received').click();
    expect(await rowsOfDrillDown(page)).toBe(received);

    // A bad date: the error summary, and axe on the page with errors.
    await page.goto(`${demo.base}/management-information`);
    await page.locator('#from-day').fill('31');
    await page.locator('#from-month').fill('2');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('the compliance report and its drill-down pass axe; the restricted record counts for the auditor', { timeout: 180_000 }, async () => {
    const page = await signedInPage(browser, demo.base, 'auditor', problems);
    await page.getByRole('link', { name: 'Compliance' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Compliance report' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    const applied = page.locator('tr[data-requirement="AO-02"] td').nth(0).getByRole('link');
    const figure = Number((await applied.innerText()).replace(/\D.*$/s, ''));
    expect(figure).toBeGreaterThanOrEqual(4);
    await applied.click();
    expect(Number(await page.getByTestId('record-count').innerText())).toBe(figure);
    await expectAccessible(page);
    expect(await rowsOfDrillDown(page)).toBe(figure);
    await page.goto(`${demo.base}/management-information`);
    await page.getByTestId('table-classification').getByRole('row', { name: /^Stalking/ }).getByRole('link').click();
    expect(await page.content()).toContain(restricted);
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
