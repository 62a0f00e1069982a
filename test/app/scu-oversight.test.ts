import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordReferralStatus } from '../../src/app/investigation/case-management';
import { considerStalkingProtectionOrder, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
import { caseReviewsOf, digitalLineKinds, recordCaseReview } from '../../src/app/scu/case-reviews';
import { scuDay, supportReferralRates } from '../../src/app/scu/oversight';
import { worklist } from '../../src/app/tasks/worklist';
import { verifyChain } from '../../src/store/repositories/log';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'Persistent contact; victim frightened; moderate complexity.' };

/** Every digital line considered: not relevant unless given. */
const lines = (over: Record<string, { status: string; detail?: string }> = {}) => Object.fromEntries(digitalLineKinds.map((k) => [k, over[k] ?? { status: 'not_relevant' }]));

describe.each(testDialects())('SCU oversight (SC-01 to SC-05) on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, cidDs: UserRecord, daDs: UserRecord, cidDc: UserRecord, scu: UserRecord;

  async function recordedCrime(relationship: string, district: 'leeds' | 'bradford' = 'leeds', yes = 5) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district, location: 'Somewhere', firstAccount: 'He keeps turning up at my work.' });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers: answers(yes), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, o.reference, 1, { version: 1, grade: yes >= 14 ? 'high' : 'standard' });
    await recordCrime(t.deps, officer, o.reference);
    return o;
  }

  async function counts() {
    const db = t.deps.store.db;
    const n = async (table: 'scu_case_reviews' | 'tasks') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const log = Number((await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow()).n);
    return { reviews: await n('scu_case_reviews'), tasks: await n('tasks'), log };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-06-10T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    daDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'DA_TEAM' });
    cidDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' });
    scu = await t.user('scu_officer', { district: null, unitType: 'SCU' });
  });
  afterAll(async () => t.dispose());

  it('SC-03: a case review with its digital lines of enquiry is recorded against the crime; tasked actions go to the OIC, due on the set date or by the policy deadline', async () => {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance' });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: cidDc.id });
    const before = await counts();
    const r = await recordCaseReview(t.deps, scu, o.reference, {
      findings: 'Suspect contacts the victim through three Instagram accounts; no device work yet.',
      recommendations: 'Secure the accounts data and the victim’s phone download.',
      digitalLines: lines({ social_media: { status: 'to_pursue', detail: 'Preservation request to Instagram for three accounts' }, devices: { status: 'in_progress', detail: 'Victim’s phone with DFU' }, anpr: { status: 'done', detail: 'No hits' } }),
      actions: [
        { text: 'Send the Instagram preservation request', taskOfficerInCharge: true, dueOn: '2026-06-12' },
        { text: 'Chase the DFU download', taskOfficerInCharge: true },
        { text: 'SCU to brief the district safeguarding team' },
      ],
      nextReviewOn: '2026-07-10',
    });
    expect(r.tasks).toBe(2);
    expect(await counts()).toEqual({ reviews: before.reviews + 1, tasks: before.tasks + 2, log: before.log + 1 });
    const mine = (await worklist(t.deps, cidDc)).tasks.filter((x) => x.action === 'case_review_action');
    expect(mine.map((x) => [x.title, x.requirement, x.dueAt]).sort()).toEqual([
      ['SCU case review: Chase the DFU download', 'SC-03', '2026-06-17T10:00:00.000Z'],
      ['SCU case review: Send the Instagram preservation request', 'SC-03', '2026-06-12T17:00:00.000Z'],
    ]);
    const [review] = await caseReviewsOf(t.deps, officer, o.reference);
    expect(review).toMatchObject({ reviewerId: scu.id, nextReviewOn: '2026-07-10' });
    expect(review!.digitalLines.find((l) => l.kind === 'social_media')).toEqual({ kind: 'social_media', status: 'to_pursue', detail: 'Preservation request to Instagram for three accounts' });
    expect(review!.actions.map((a) => Boolean(a.tasked))).toEqual([true, true, false]);
    const entry = await t.deps.store.db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', o.id).where('action', '=', 'scu_case_review.recorded').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.requirements)).toEqual(['SC-03']);
    expect(entry.changes).toContain('social_media: to_pursue');
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);

    // SC-03 on the SCU's day: the review is recent; it is due once its next review is near.
    expect((await scuDay(t.deps, scu, {})).recent.map((x) => x.reference)).toContain(o.reference);
    expect((await scuDay(t.deps, scu, {})).due.map((x) => x.reference)).not.toContain(o.reference);
    t.clock.set('2026-07-05T10:00:00.000Z');
    expect((await scuDay(t.deps, scu, {})).due.map((x) => x.reference)).toContain(o.reference);
    t.clock.set('2026-06-10T10:00:00.000Z');
  });

  it('SC-03: only the SCU records case reviews; bad input is refused naming the field and nothing is written', async () => {
    const o = await recordedCrime('stranger');
    const good = { findings: 'Findings', recommendations: 'Recommendations', digitalLines: lines() };
    const before = await counts();
    await expect(recordCaseReview(t.deps, cidDs, o.reference, good)).rejects.toMatchObject({ status: 403 });
    await expect(recordCaseReview(t.deps, cidDc, o.reference, good)).rejects.toMatchObject({ status: 403 });
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, findings: '' }, 'findings'],
      [{ ...good, recommendations: 'x'.repeat(5001) }, 'recommendations'],
      [{ ...good, digitalLines: { ...lines(), cell_site: { status: '' } } }, 'digitalLines.cell_site.status'],
      [{ ...good, digitalLines: Object.fromEntries(Object.entries(lines()).filter(([k]) => k !== 'anpr')) }, 'digitalLines.anpr'],
      [{ ...good, digitalLines: lines({ cctv: { status: 'to_pursue' } }) }, 'digitalLines.cctv.detail'],
      [{ ...good, digitalLines: lines({ other: { status: 'done' } }) }, 'digitalLines.other.detail'],
      [{ ...good, actions: [{ text: 'Do it', dueOn: '2026-06-01' }] }, 'actions.0.dueOn'],
      [{ ...good, actions: [{ text: 'Do it', dueOn: '2026-02-30' }] }, 'actions.0.dueOn'],
      [{ ...good, nextReviewOn: '2026-06-10' }, 'nextReviewOn'],
      [{ ...good, reviewer: 'someone else' }, 'reviewer'],
      // No officer in charge is allocated to this crime yet.
      [{ ...good, actions: [{ text: 'Do it', taskOfficerInCharge: true }] }, 'actions.0.taskOfficerInCharge'],
    ];
    for (const [input, field] of cases) {
      await expect(recordCaseReview(t.deps, scu, o.reference, input), field).rejects.toMatchObject({ status: 400, issues: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    // A report not yet recorded as a crime cannot be reviewed as one.
    const report = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Unwanted messages.' });
    const afterReport = await counts();
    await expect(recordCaseReview(t.deps, scu, report.reference, good)).rejects.toMatchObject({ status: 422, violations: [{ requirement: 'SC-03' }] });
    expect(await counts()).toEqual({ ...afterReport });
    expect(afterReport.reviews).toBe(before.reviews);
  });

  it('SC-05: referral rates by district and force-wide, with the crimes without a referral; restricted crimes are left out for those not entitled', async () => {
    t.clock.set('2026-08-03T10:00:00.000Z');
    const a = await recordedCrime('acquaintance', 'leeds');
    const b = await recordedCrime('acquaintance', 'leeds');
    const c = await recordedCrime('stranger', 'leeds');
    const d = await recordedCrime('other', 'bradford');
    const restricted = await recordedCrime('acquaintance', 'bradford');
    await recordReferralStatus(t.deps, cidDc, restricted.reference, { kind: 'specialist_stalking_support', status: 'made', note: 'Referred' });
    await markWorkforceInvolvement(t.deps, handler, restricted.reference, { reason: 'The suspect is a serving officer' });
    await recordReferralStatus(t.deps, cidDc, a.reference, { kind: 'specialist_stalking_support', status: 'made', note: 'Referred to the local stalking advocacy service' });
    await recordReferralStatus(t.deps, cidDc, b.reference, { kind: 'specialist_stalking_support', status: 'declined', note: 'Victim declined; given self-referral details' });

    const rates = await supportReferralRates(t.deps, scu, { from: '2026-08-03', to: '2026-08-03' });
    expect(rates.byDistrict.find((x) => x.district === 'leeds')).toEqual({ district: 'leeds', crimes: 3, referred: 1, declined: 1, without: 2, ratePercent: 33.3 });
    // The restricted Bradford crime is not counted for the SCU officer.
    expect(rates.byDistrict.find((x) => x.district === 'bradford')).toEqual({ district: 'bradford', crimes: 1, referred: 0, declined: 0, without: 1, ratePercent: 0 });
    expect(rates.byDistrict.find((x) => x.district === 'wakefield')).toMatchObject({ crimes: 0, ratePercent: null });
    expect(rates.forceWide).toEqual({ crimes: 4, referred: 1, declined: 1, without: 3, ratePercent: 25 });
    expect(rates.without.map((w) => w.reference).sort()).toEqual([b.reference, c.reference, d.reference].sort());
    expect(rates.without.find((w) => w.reference === b.reference)?.referralStatus).toBe('declined');
    const leeds = await supportReferralRates(t.deps, scu, { from: '2026-08-03', to: '2026-08-03', district: 'bradford' });
    expect(leeds.without.map((w) => w.reference)).toEqual([d.reference]);
    // Outside the period: nothing.
    expect((await supportReferralRates(t.deps, scu, { from: '2026-08-01', to: '2026-08-02' })).forceWide.crimes).toBe(0);

    await expect(supportReferralRates(t.deps, scu, { from: '2026-08-04', to: '2026-08-03' })).rejects.toMatchObject({ status: 400, issues: [{ field: 'from' }] });
    await expect(supportReferralRates(t.deps, scu, { from: '2026-13-01' })).rejects.toMatchObject({ status: 400, issues: [{ field: 'from' }] });
    await expect(supportReferralRates(t.deps, scu, { district: 'atlantis' })).rejects.toMatchObject({ status: 400, issues: [{ field: 'district' }] });
    await expect(supportReferralRates(t.deps, cidDc, {})).rejects.toMatchObject({ status: 403 });
  });

  it('SC-01, SC-02, SC-04: the SCU’s day lists new non-domestic stalking, high-risk domestic stalking and SPO referrals awaiting decision, never restricted ones', async () => {
    t.clock.set('2026-09-01T08:00:00.000Z');
    const nonDomestic = await recordedCrime('stranger');
    const domesticHigh = await recordedCrime('ex_intimate_partner', 'leeds', 15);
    const restricted = await recordedCrime('acquaintance');
    await markWorkforceInvolvement(t.deps, handler, restricted.reference, { reason: 'The suspect is a member of police staff' });
    const suspectId = (await addParty(t.deps, handler, domesticHigh.reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    const oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    const { id: spoId } = await considerStalkingProtectionOrder(t.deps, oic, domesticHigh.reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true });
    await referStalkingProtectionOrder(t.deps, oic, domesticHigh.reference, { spoId, personsToBeProtected: 'The victim', actsAssociatedWithStalking: 'Following', risk: 'Escalating', whyNecessary: 'Repeated breaches', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact the victim' }] });

    const day = await scuDay(t.deps, scu, {});
    expect(day.lists.nonDomestic.map((x) => x.occurrence.reference)).toContain(nonDomestic.reference);
    expect(day.lists.nonDomestic.map((x) => x.occurrence.reference)).not.toContain(restricted.reference);
    expect(day.lists.highestRiskDomestic.map((x) => x.occurrence.reference)).toEqual([domesticHigh.reference]);
    expect(day.awaiting).toEqual([expect.objectContaining({ spoId, reference: domesticHigh.reference, respondent: 'Kyle Rowe', referredBy: oic.displayName })]);
    // The DS may see the lists too; the page's read is logged.
    await scuDay(t.deps, daDs, {});
    const reads = await t.deps.store.db.selectFrom('log_entries').select('actor_id').where('action', '=', 'scu_lists.viewed').execute();
    expect(reads.map((r) => r.actor_id)).toEqual(expect.arrayContaining([scu.id, daDs.id]));
    await expect(scuDay(t.deps, officer, {})).rejects.toMatchObject({ status: 403 });
  });
});
