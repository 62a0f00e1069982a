import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Store } from '../../src/store/db';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { findUserByUsername } from '../../src/store/repositories/users';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { AppDeps } from '../../src/app/context';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';

/** Triage -> allocate -> arrest -> bail -> victim informed -> words of advice refused -> charge -> finalise; and an NFA refused then accepted. */
describe('browser: triage, allocation, investigation and finalisation', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let store: Store;
  let deps: AppDeps;
  let browser: Browser;
  let base: string;
  let daCase: string;
  let cidCase: string;
  const problems: string[] = [];

  async function recordedStalking(relationship: string, account: string) {
    const handler = (await findUserByUsername(store.db, 'call.handler'))!;
    const officer = (await findUserByUsername(store.db, 'attending.officer'))!;
    const sergeant = (await findUserByUsername(store.db, 'supervisor'))!;
    const o = await recordOccurrence(deps, handler, { receivedAt: new Date(Date.now() - 3600_000).toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: account });
    await classifyOccurrence(deps, officer, o.reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 4, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: relationship === 'ex_intimate_partner' }, offence: 's2A', relationship });
    await recordRiskAssessment(deps, officer, o.reference, { assessment: { answers: Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < 6 ? 'yes' : 'no'])), victimEngaged: true } });
    await endorseRiskAssessment(deps, sergeant, o.reference, 1, { version: 1, grade: 'standard' });
    await recordCrime(deps, officer, o.reference);
    return o.reference;
  }

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-inv-');
    store = demo.store;
    deps = demo.deps;
    base = demo.base;
    daCase = await recordedStalking('ex_intimate_partner', 'My ex has been following me and calling me at work every day.');
    cidCase = await recordedStalking('acquaintance', 'A man from my running club keeps messaging me and waiting outside my house.');
    const cidDs = (await findUserByUsername(store.db, 'cid.ds'))!;
    await triageOccurrence(deps, cidDs, cidCase, { relationship: 'acquaintance', adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'Low complexity; standard risk.' });
    await allocateOfficerInCharge(deps, cidDs, cidCase, { officerId: (await findUserByUsername(store.db, 'inv.team'))!.id });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  const as = (username: string) => signedInPage(browser, base, username, problems);

  it('a domestic stalking crime from triage to a charge', { timeout: 120_000 }, async () => {
    let page = await as('triage.ds');
    await page.getByRole('link', { name: 'Triage' }).click();
    expect(await page.getByTestId('triage-queue').innerText()).toContain(daCase);
    await expectAccessible(page);
    await page.getByRole('link', { name: daCase }).click();
    expect(await page.getByTestId('allocation-proposal').innerText()).toContain('The policy proposes: DA team');
    await expectAccessible(page);
    await page.getByLabel('Your review of threat, risk, harm and complexity').fill('Ex-partner, daily contact at work, victim frightened: standard risk, moderate complexity.');
    await page.getByRole('button', { name: 'Record triage decision' }).click();
    await page.waitForURL(`${base}/occurrences/${daCase}/investigation`);
    await page.getByLabel('Officer in charge').selectOption({ label: 'DC Aisha Begum (Leeds Safeguarding DA Team)' });
    await page.getByRole('button', { name: 'Allocate' }).click();
    expect(await page.getByTestId('allocation').innerText()).toContain('DC Aisha Begum');
    await expectAccessible(page);
    await page.context().close();

    page = await as('investigator');
    await page.goto(`${base}/occurrences/${daCase}/investigation`);
    await page.getByLabel('What was done with the suspect').selectOption('arrest');
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.getByTestId('suspect-actions').innerText()).toContain('Arrest');
    // Bail without consulting the victim is refused (IO-08), then given once they are consulted.
    await page.getByLabel('What was done with the suspect').selectOption('bail_s37_2');
    await page.getByLabel('Bail conditions').fill('Not to contact the victim directly or indirectly; not to enter Headingley');
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('IO-08');
    await expectAccessible(page);
    await page.getByLabel('What was done with the suspect').selectOption('bail_s37_2');
    await page.getByLabel('The victim was consulted before the bail decision (IO-08)').check();
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.getByTestId('suspect-actions').innerText()).toMatch(/Bail without charge \(PACE s37\(2\)\).*Bail expires \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(await page.getByTestId('inform-tasks').innerText()).toContain('Inform the victim');
    // The victim is informed: the contact completes the task.
    await page.getByLabel('For the task').selectOption({ index: 1 });
    await page.getByLabel('How you contacted the victim').selectOption('phone');
    await page.getByLabel('Outcome of the contact').selectOption('contacted');
    await page.getByLabel('What the victim was told').fill('Told of the arrest and the bail conditions');
    await page.getByRole('button', { name: 'Record contact' }).click();
    expect(await page.getByTestId('contacts').innerText()).toContain('Told of the arrest');
    // Words of advice are refused even though the victim asked for them.
    await page.getByLabel('What was done with the suspect').selectOption('words_of_advice');
    await page.getByLabel('The victim asked for informal action').check();
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('IO-06');
    await page.getByLabel('What was done with the suspect').selectOption('charge');
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.getByTestId('suspect-actions').innerText()).toContain('Charge');
    await page.locator('#outcome').selectOption('charged');
    await page.getByLabel('Finalisation rationale').fill('Charged with stalking (s2A) on CPS advice.');
    await page.getByRole('button', { name: 'Finalise' }).click();
    expect(await page.getByTestId('outcome').innerText()).toContain('Home Office outcome 1');
    await expectAccessible(page);
    // IO-04: the victim is still owed news of the charge after finalisation; the contact is recorded on the finalised case and closes the task.
    expect(await page.getByTestId('inform-tasks').innerText()).toContain('Inform the victim: the suspect was charged');
    await page.getByLabel('For the task').selectOption({ index: 1 });
    await page.getByLabel('How you contacted the victim').selectOption('phone');
    await page.getByLabel('Outcome of the contact').selectOption('contacted');
    await page.getByLabel('What the victim was told').fill('Told of the charge and the first hearing date');
    await page.getByRole('button', { name: 'Record contact' }).click();
    expect(await page.getByTestId('contacts').innerText()).toContain('Told of the charge');
    expect(await page.getByTestId('inform-tasks').count()).toBe(0);
    await page.context().close();
  });

  it('an NFA without a thorough rationale is refused; a DS finalises it with one (evidential difficulties: the suspect was interviewed)', { timeout: 120_000 }, async () => {
    let page = await as('inv.team');
    await page.goto(`${base}/occurrences/${cidCase}/investigation`);
    await page.getByLabel('What was done with the suspect').selectOption('voluntary_attendance');
    await page.getByRole('button', { name: 'Record suspect action' }).click();
    expect(await page.getByTestId('suspect-actions').innerText()).toContain('Voluntary attendance');
    await page.locator('#outcome').selectOption('evidential_difficulties');
    await page.getByLabel('Finalisation rationale').fill('No evidence');
    await page.getByRole('button', { name: 'Finalise' }).click();
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('AL-06');
    expect(summary).toContain('AL-08');
    await expectAccessible(page);
    await page.context().close();

    page = await as('cid.ds');
    await page.goto(`${base}/occurrences/${cidCase}/investigation`);
    await page.locator('#outcome').selectOption('evidential_difficulties');
    await page.getByLabel('Finalisation rationale').fill('All enquiries complete: messages downloaded show no threats, CCTV negative, suspect interviewed and denies; victim told and support service updated.');
    await page.getByLabel('A proportionate investigation is complete (TS-03)').check();
    await page.getByRole('button', { name: 'Finalise' }).click();
    expect(await page.getByTestId('outcome').innerText()).toContain('Finalised');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
