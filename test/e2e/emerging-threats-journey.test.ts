import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { findUserByUsername } from '../../src/store/repositories/users';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';

/** The DIU analyst finds a serial perpetrator, opens the link view, and records the DI-02 communication. */
describe('browser: the DIU analyst communicates an emerging threat', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  const references: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-threats-');
    const handler = (await findUserByUsername(demo.store.db, 'call.handler'))!;
    let suspectId: string | undefined;
    for (const [victim, daysAgo] of [['Quill', 40], ['Marsh', 5]] as const) {
      const o = await recordOccurrence(demo.deps, handler, { receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(), channel: '101', callGrade: 'priority', district: 'bradford', location: 'Bradford', firstAccount: `He will not leave ${victim} alone.` });
      references.push(o.reference);
      await addParty(demo.deps, handler, o.reference, { role: 'victim', surname: victim, forenames: 'Ellen' });
      suspectId = (await addParty(demo.deps, handler, o.reference, suspectId ? { role: 'suspect', personId: suspectId } : { role: 'suspect', surname: 'Vexley', forenames: 'Brandon' })).personId;
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('DI-01, DI-02: emerging threats, a serial perpetrator’s link view, and the communication recorded', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, demo.base, 'diu.analyst', problems);
    await page.getByRole('link', { name: 'Emerging threats' }).click();
    expect(await page.locator('h1').innerText()).toBe('Emerging threats');
    const serialRow = page.getByTestId('threats-serial_perpetrator').locator('tr', { hasText: 'Brandon Vexley' });
    expect(await serialRow.innerText()).toContain('2 different victims');
    expect(await serialRow.innerText()).toContain('IO-14');
    expect(await serialRow.getByTestId('threat-score').innerText()).toBe('40');
    await expectAccessible(page);

    // The link view: a graph whose nodes are links, reachable by keyboard, and a table of every connection.
    await serialRow.getByRole('link', { name: 'Brandon Vexley', exact: true }).click();
    expect(await page.locator('h1').innerText()).toBe('Brandon Vexley');
    const nodes = page.getByTestId('link-graph').locator('a');
    expect(await nodes.count()).toBe(5); // the person, two occurrences, two victims
    const table = await page.getByTestId('link-table').innerText();
    for (const text of [...references, 'Ellen Quill', 'Ellen Marsh', 'Suspect', 'Victim']) expect(table).toContain(text);
    const occurrenceNode = nodes.filter({ has: page.locator('rect') }).first();
    await occurrenceNode.focus();
    expect(await occurrenceNode.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    // The visible focus style: the focused node turns GOV.UK focus yellow.
    expect(await occurrenceNode.locator('rect').evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { fill: string } }).getComputedStyle(el).fill)).toBe('rgb(255, 221, 0)');
    await expectAccessible(page);

    // DI-02: record the communication; an incomplete form is refused with the GOV.UK error summary.
    await page.goto(`${demo.base}/emerging-threats`);
    await page.getByTestId('threats-serial_perpetrator').locator('tr', { hasText: 'Brandon Vexley' }).getByRole('link', { name: /Record communication/ }).click();
    expect(await page.getByTestId('threat-summary').innerText()).toContain('Brandon Vexley');
    await page.getByRole('button', { name: 'Record communication' }).click();
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.innerText()).toContain('Enter who in the district senior leadership team was told');
    expect(await summary.innerText()).toContain('Select how it was communicated');
    await expectAccessible(page);
    await page.getByLabel('District senior leadership team told').selectOption('bradford');
    await page.getByLabel('Who in the senior leadership team').fill('Supt Alan Reid, district commander');
    await page.getByLabel('Who in the Stalking Coordination Unit').fill('DS Mark Pearson');
    await page.getByLabel('Email').check();
    await page.getByLabel('What was communicated').fill('Brandon Vexley is stalking two women in Bradford; PDP referral advised.');
    await page.getByRole('button', { name: 'Record communication' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Communication recorded');
    const row = page.getByTestId('threats-serial_perpetrator').locator('tr', { hasText: 'Brandon Vexley' });
    expect(await row.innerText()).toContain('Supt Alan Reid, district commander');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
