import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, expectAccessible, signedInPage, startDemoServer } from '../support/browser';
import { TEST_PASSWORD, testClock, type TestApp } from '../support/app';
import { finalisedStalking, retentionCast } from '../support/retention';
import { addUser } from '../../src/app/admin/users';
import { systemActor } from '../../src/domain/actor';

/** The Detective Superintendent works the MoPI retention worklist: a refused erasure, then an erasure, every page accessible. */
describe('browser: a retention review from the worklist to erasure', () => {
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;
  let reference: string;
  const problems: string[] = [];

  beforeAll(async () => {
    demo = await startDemoServer('conduct-e2e-retention-');
    // A record finalised years ago, so its Group 3 review is due today.
    const clock = testClock('2018-06-01T10:00:00.000Z');
    let n = 0;
    const t: TestApp = {
      deps: { store: demo.store, clock },
      clock,
      dispose: async () => undefined,
      user: (role, o = {}) => {
        n += 1;
        return addUser({ store: demo.store, clock }, systemActor, { username: `retention.${role.replace(/_/g, '.')}${n}`, displayName: `Retention ${role} ${n}`, role, rank: o.rank ?? 'PC', district: o.district === undefined ? 'leeds' : o.district, unit: o.unitType ? `Test ${o.unitType}` : 'Test unit', ...(o.unitType ? { unitType: o.unitType } : {}), password: TEST_PASSWORD });
      },
    };
    reference = (await finalisedStalking(t, await retentionCast(t), { victimSurname: 'Ashworth' })).reference;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('lists the due review, refuses a wrong confirmation with an error summary, then erases', { timeout: 120_000 }, async () => {
    const page = await signedInPage(browser, demo.base, 'det.supt', problems);
    await page.getByRole('link', { name: 'Retention reviews' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: reference }).click();
    await expect(page.getByTestId('retention-summary').innerText()).resolves.toContain('Group 3');
    await expectAccessible(page);

    await page.locator('#erase-reason').fill('Group 3 clear period passed with no further activity recorded.');
    await page.getByLabel(`Type the reference ${reference} to confirm`).fill('wrong');
    await page.getByRole('button', { name: 'Erase the record' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(`Type the reference ${reference}`);
    await expectAccessible(page);

    await page.locator('#retain-reason').fill('x');
    await page.getByRole('button', { name: 'Keep the record' }).click();
    await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain('Give the reason for keeping the record');
    await expectAccessible(page);

    await page.locator('#erase-reason').fill('Group 3 clear period passed with no further activity recorded.');
    await page.getByLabel(`Type the reference ${reference} to confirm`).fill(reference);
    await page.getByRole('button', { name: 'Erase the record' }).click();
    await page.waitForURL(`${demo.base}/retention`);
    await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(`${reference} erased`);
    await expectAccessible(page);
    await page.goto(`${demo.base}/occurrences/${reference}/retention`);
    await expect(page.locator('.govuk-inset-text').innerText()).resolves.toContain('Erased');
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });
});
