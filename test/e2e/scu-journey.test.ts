import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { addNotifyIfFlag } from '../../src/app/flags/notify-if';
import { findUserByUsername } from '../../src/store/repositories/users';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';

/** A sighting of a flagged nominal, the flag owner tasked; the SCU reviews the crime and reads its day. */
describe('browser: intelligence on a stalking nominal and the SCU’s day', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let reference: string;
  const problems: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-scu-');
    const handler = (await findUserByUsername(demo.store.db, 'call.handler'))!;
    const officer = (await findUserByUsername(demo.store.db, 'attending.officer'))!;
    const investigator = (await findUserByUsername(demo.store.db, 'cid.dc'))!;
    const o = await recordOccurrence(demo.deps, handler, { receivedAt: new Date(Date.now() - 3600_000).toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'A man from the gym follows me home and messages me on Instagram.' });
    reference = o.reference;
    await addParty(demo.deps, handler, reference, { role: 'victim', surname: 'Hale', forenames: 'Amy' });
    const { personId } = await addParty(demo.deps, handler, reference, { role: 'suspect', surname: 'Drummond', forenames: 'Carl' });
    await classifyOccurrence(demo.deps, officer, reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 4, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false }, offence: 's2A', relationship: 'acquaintance' });
    await recordCrime(demo.deps, officer, reference);
    await addNotifyIfFlag(demo.deps, investigator, reference, { personId, reason: 'Fixated on the victim', notify: 'Task DC Kemp on any sighting' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('an officer submits a sighting; the flag owner is tasked; the SCU reviews the crime and sees it on its page', { timeout: 180_000 }, async () => {
    // The attending officer finds the nominal through the people search.
    let page = await signedInPage(browser, demo.base, 'attending.officer', problems);
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expectAccessible(page);
    await page.getByLabel('Surname').fill('Drummond');
    await page.getByRole('button', { name: 'Search people' }).click();
    await page.getByRole('link', { name: 'Carl Drummond', exact: true }).click();
    await expect(page.getByTestId('person-flag').innerText()).resolves.toContain('Task DC Kemp on any sighting');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Submit intelligence' }).click();
    await expectAccessible(page);
    // A time in the future is refused, and what was typed is kept.
    await page.getByLabel('Time').fill('23:59');
    await page.getByLabel('Where').fill('Outside the victim’s gym, Kirkstall Road');
    await page.getByLabel('Subject description').fill('Black parka, grey beanie');
    await page.getByLabel('Vehicle').fill('YX19 ABC, silver Ford Focus');
    await page.getByLabel('A witness').check();
    const future = new Date(Date.now() + 2 * 3600_000);
    const london = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'numeric', year: 'numeric', hourCycle: 'h23' }).formatToParts(d);
    const parts = (d: Date) => Object.fromEntries(london(d).map((p) => [p.type, p.value]));
    const f = parts(future);
    await page.getByLabel('Day').fill(f.day!);
    await page.getByLabel('Month').fill(f.month!);
    await page.getByLabel('Year').fill(f.year!);
    await page.getByLabel('Time').fill(`${f.hour}:${f.minute}`);
    await page.getByRole('button', { name: 'Submit intelligence' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('must not be in the future');
    await expectAccessible(page);
    const p = parts(new Date(Date.now() - 30 * 60_000));
    await page.getByLabel('Day').fill(p.day!);
    await page.getByLabel('Month').fill(p.month!);
    await page.getByLabel('Year').fill(p.year!);
    await page.getByLabel('Time').fill(`${p.hour}:${p.minute}`);
    await page.getByRole('button', { name: 'Submit intelligence' }).click();
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain('its owner has been tasked');
    await expect(page.getByTestId('intelligence').innerText()).resolves.toContain('YX19 ABC, silver Ford Focus');
    await page.context().close();

    // The flag's owner has the task.
    page = await signedInPage(browser, demo.base, 'cid.dc', problems);
    await page.getByRole('link', { name: 'My worklist' }).click();
    await expect(page.locator('main').innerText()).resolves.toContain('Notify-if flag: intelligence on Carl Drummond');
    await page.context().close();

    // The SCU reviews the crime, with its digital lines of enquiry.
    page = await signedInPage(browser, demo.base, 'scu.officer', problems);
    await page.getByRole('link', { name: 'SCU lists' }).click();
    await expectAccessible(page);
    await expect(page.getByTestId('scu-non-domestic').innerText()).resolves.toContain(reference);
    await expect(page.getByTestId('scu-without-referral').innerText()).resolves.toContain(reference);
    await page.getByRole('link', { name: `Review ${reference}` }).click();
    await expectAccessible(page);
    await page.getByLabel('Findings').fill('Contact is mostly through Instagram; no device work yet.');
    await page.getByLabel('Recommendations').fill('Preserve the Instagram accounts and download the victim’s phone.');
    await page.getByLabel('Status: Social media platforms').selectOption('to_pursue');
    await page.getByRole('button', { name: 'Record case review' }).click();
    // Every line must be considered; a line to pursue says what is to be done.
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Social media platforms: say what is to be done');
    await expectAccessible(page);
    for (const option of await page.locator('select[id^="digital-"]').all()) {
      if ((await option.inputValue()) === '') await option.selectOption('not_relevant');
    }
    await page.getByLabel('What is to be done: Social media platforms').fill('Preservation request to Instagram');
    await page.getByRole('button', { name: 'Record case review' }).click();
    await expect(page.getByTestId('scu-review').innerText()).resolves.toContain('Preservation request to Instagram');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'SCU lists' }).click();
    await expect(page.getByTestId('scu-reviews-recent').innerText()).resolves.toContain(reference);
    await expectAccessible(page);
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
