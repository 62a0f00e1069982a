import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dashQuestionIds, stalkingScreeningQuestionIds } from '../../src/policy/risk-questions';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';

/**
 * The journey from the first call to a recorded, classified, risk-assessed crime, with three
 * users: the call handler, the attending officer, and a supervisor endorsing the DASH.
 */
describe('browser: from the first call to a recorded, classified, risk-assessed crime', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-intake-');
    base = demo.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function as(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const page = await signedInPage(browser, base, username, problems);
    return { context: page.context(), page };
  }

  it('call handler records and enriches the report; attending officer works it; supervisor endorses the DASH', { timeout: 120_000 }, async () => {
    // ---- call handler -----------------------------------------------------------------------
    const handler = await as('call.handler');
    let page = handler.page;
    await page.goto(`${base}/occurrences/new`);
    await page.getByLabel('999 call').check();
    await page.getByLabel('Emergency').check();
    await page.getByLabel('Location').fill('Kirkstall Road, Leeds');
    await page.getByLabel('First account').fill('My ex-partner has followed me home twice this week and sent threatening messages saying he will hurt me.');
    await page.getByRole('button', { name: 'Record report' }).click();
    await page.waitForURL(/\/occurrences\/11-\d{4}-\d{6}$/);
    const reference = new URL(page.url()).pathname.split('/').pop()!;
    await expectAccessible(page);

    await page.getByLabel('The caller was advised to preserve any evidence until police arrive (CS-04)').check();
    await page.getByLabel('What the caller was told about officers attending (CS-05)').fill('Officers are on their way now');
    await page.getByRole('button', { name: 'Record advice given' }).click();
    await page.getByLabel('Assign an attending officer').selectOption({ label: 'PC Tom Walsh (Leeds Patrol)' });
    await page.getByRole('button', { name: 'Assign officer' }).click();
    expect(await page.locator('main').innerText()).toContain('PC Tom Walsh');

    await page.getByRole('link', { name: 'Add a person' }).first().click();
    await page.getByLabel('Surname').first().fill('Whitfield');
    await page.getByRole('button', { name: 'Search people' }).click();
    expect(await page.locator('main').innerText()).toContain('No one on record matches');
    await expectAccessible(page);
    await page.locator('#role').check(); // victim
    await page.locator('#surname').fill('Whitfield');
    await page.locator('#forenames').fill('Sarah');
    await page.locator('#dateOfBirth').fill('1990-04-12');
    await page.getByRole('button', { name: 'Add new person' }).click();
    await page.waitForURL(`${base}/occurrences/${reference}/people`);
    await page.getByRole('link', { name: 'Add a person' }).click();
    await page.locator('#role-4').check(); // suspect
    await page.locator('#surname').fill('Crowther');
    await page.locator('#forenames').fill('Daniel');
    await page.getByLabel('Violence').check();
    await page.getByRole('button', { name: 'Add new person' }).click();
    await page.waitForURL(`${base}/occurrences/${reference}/people`);
    expect(await page.getByTestId('parties').innerText()).toContain('Daniel Crowther');
    await expectAccessible(page);
    await handler.context.close();

    // ---- attending officer ------------------------------------------------------------------
    const officer = await as('attending.officer');
    page = officer.page;
    await page.goto(`${base}/worklist`);
    expect(await page.getByTestId('task-table').innerText()).toContain(reference);
    await expectAccessible(page);
    await page.getByRole('link', { name: reference }).first().click();
    await page.getByRole('link', { name: 'Incidents' }).click();
    const yesterday = new Date(Date.now() - 86_400_000);
    await page.getByLabel('Day').fill(String(yesterday.getUTCDate()));
    await page.getByLabel('Month').fill(String(yesterday.getUTCMonth() + 1));
    await page.getByLabel('Year').fill(String(yesterday.getUTCFullYear()));
    await page.getByLabel('Time').fill('21:30');
    await page.getByLabel('Where').fill('Victim’s home');
    await page.getByLabel('What was done').selectOption('contacting');
    await page.getByLabel('How').selectOption('text');
    await page.getByLabel('What happened').fill('Threatening texts overnight');
    await page.getByRole('button', { name: 'Record incident' }).click();
    expect(await page.getByTestId('course-summary').innerText()).toContain('1 incident');
    expect(await page.getByTestId('occurrence-tags').innerText()).toContain('Cyber');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Classification' }).click();
    for (const name of ['fixated', 'obsessive', 'unwanted', 'repeated']) await page.locator(`#${name}`).check();
    await page.getByLabel('On how many separate occasions?').fill('3');
    await page.getByLabel('On how many of them did the victim fear violence').fill('2');
    await page.locator('#seriousAlarmOrDistress').check();
    await page.locator('#exPartner').check();
    await page.getByLabel('s4A: ').check();
    await page.getByRole('button', { name: 'Save classification' }).click();
    expect(await page.getByTestId('classification-current').innerText()).toContain('recorded offence s4A');
    await expectAccessible(page);

    // DASH: one form error (victim engagement left out), then corrected.
    await page.getByRole('link', { name: 'Risk' }).click();
    await page.getByRole('link', { name: 'Complete the DASH risk assessment' }).click();
    await page.locator('#victimEngaged-2').check(); // "No"
    for (const [i, id] of dashQuestionIds.entries()) await page.locator(i < 15 ? `#${id}` : `#${id}-2`).check();
    for (const id of stalkingScreeningQuestionIds) await page.locator(`#${id}`).check();
    await page.getByRole('button', { name: 'Save DASH risk assessment' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/records|observation/);
    await expectAccessible(page);
    await page.locator('#completedFromRecordsAndObservation').check();
    await page.getByLabel('If the victim did not engage').fill('Victim too distressed to answer; completed from records and what I saw');
    // What was typed is kept: the answers are still checked.
    expect(await page.locator('#dash_01').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Save DASH risk assessment' }).click();
    await page.waitForURL(`${base}/occurrences/${reference}/risk`);
    expect(await page.getByTestId('risk-assessment').innerText()).toContain('high risk');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Checklist' }).click();
    await page.getByRole('button', { name: 'Save: Written account from the victim and witnesses' }).scrollIntoViewIfNeeded();
    await page.locator('#status-account_taken').check();
    await page.getByRole('button', { name: 'Save: Written account from the victim and witnesses' }).click();
    await page.waitForURL(/\/checklist/);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Summary' }).click();
    await page.getByRole('button', { name: 'Record the crime' }).click();
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Crime recorded');
    await officer.context.close();

    // ---- supervisor -------------------------------------------------------------------------
    const supervisor = await as('supervisor');
    page = supervisor.page;
    await page.goto(`${base}/worklist`);
    expect(await page.getByTestId('task-table').innerText()).toContain('Endorse the DASH risk grading');
    await page.goto(`${base}/occurrences/${reference}/risk`);
    await page.getByLabel('Supervisor’s note').fill('Agree: high risk, MARAC referral to follow');
    await page.getByRole('button', { name: 'Endorse grading' }).click();
    expect(await page.getByTestId('risk-assessment').innerText()).toContain('endorsed high');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Summary' }).click();
    const log = await page.getByTestId('occurrence-log').innerText();
    for (const id of ['CS-04', 'CS-03', 'ID-05', 'ID-06', 'ID-01', 'AO-02', 'SV-02', 'ID-07']) expect(log, id).toContain(id);
    await supervisor.context.close();

    expect(problems).toEqual([]);
  });
});
