import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, text, WebSession } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { markThreatToLife } from '../../src/app/intake/safeguards';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { createApiToken } from '../../src/app/admin/users';
import { run as runCli } from '../../src/cli/main';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

/**
 * Every registered route and CLI command that changes a case's status, each refused when a
 * guard of its transition fails: nothing is written, and the page shows the refusal in the
 * error summary (never a server error). A route or command this file does not know fails the
 * first test: say whether it changes a case's status, and if it does, add its refusal here.
 */

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const triageForm = { relationship: 'acquaintance', threatRiskHarmComplexity: 'Persistent contact at the victim’s home; moderate complexity.' };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, ...triageForm };
const thorough = 'Enquiries complete: CCTV shows no contact, phone download negative, no independent witnesses; victim informed and support services updated.';

/** The statuses a case moves through, and the one it is in before each status-changing route. */
type Stage = 'reported' | 'recorded' | 'triaged' | 'allocated' | 'under_investigation';

/** Routes that change a case's status: the status they move it to. */
const statusChanging: Record<string, string> = {
  'POST /occurrences/:reference/record-crime': 'recorded',
  'POST /occurrences/:reference/triage': 'triaged',
  'POST /occurrences/:reference/allocate': 'allocated',
  'POST /occurrences/:reference/suspect-actions': 'under_investigation (the first suspect action)',
  'POST /occurrences/:reference/finalise': 'finalised',
  'POST /occurrences/:reference/corrections/retriage': 'triaged (a correction)',
  'POST /occurrences/:reference/corrections/reallocate': 'allocated (a correction)',
  'POST /occurrences/:reference/corrections/reopen': 'reopened (a correction)',
};

/** Every other state-changing route, with why it does not change a case's status. */
const notStatusChanging: Record<string, string> = {
  'POST /sign-in': 'starts a session',
  'POST /sign-out': 'ends a session',
  'POST /tasks/:id/reopen': 'reopens a task closed in error',
  'POST /occurrences/:reference/corrections/remove-person': 'removes a person added in error',
  'POST /occurrences': 'records a new report (its first status, reported)',
  'POST /api/v1/occurrences': 'records a new report (its first status, reported)',
  'POST /occurrences/:reference/spo/breach': 'records the breach as a new occurrence (reported)',
  'PATCH /api/v1/occurrences/:reference': 'corrects report details; a status in the body is refused (tested below)',
  'POST /occurrences/:reference/report/change': 'corrects report details',
  'POST /occurrences/:reference/access-reason': 'records the reason for opening a restricted record',
  'POST /occurrences/:reference/call-advice': 'records advice given on the call',
  'POST /occurrences/:reference/attendance': 'assigns the attending officer',
  'POST /occurrences/:reference/threat-to-life': 'marks a threat to life',
  'POST /occurrences/:reference/duty-inspector-notified': 'records the duty inspector’s notification',
  'POST /occurrences/:reference/workforce': 'restricts the record',
  'POST /occurrences/:reference/flags': 'adds a notify-if flag',
  'POST /occurrences/:reference/flags/:id/review': 'reviews a flag',
  'POST /occurrences/:reference/people': 'adds a person',
  'POST /occurrences/:reference/incidents': 'adds an incident',
  'POST /occurrences/:reference/classification': 'classifies the report (the status moves when the crime is recorded)',
  'POST /occurrences/:reference/risk': 'records a DASH',
  'POST /occurrences/:reference/risk/:sequence/endorse': 'endorses a DASH grading',
  'POST /occurrences/:reference/checklist': 'updates the primary investigation checklist',
  'POST /occurrences/:reference/victim-position': 'records the victim’s position',
  'POST /tasks/:id/complete': 'completes a task',
  'POST /occurrences/:reference/plan': 'updates the investigation plan',
  'POST /occurrences/:reference/victim-contacts': 'records contact with the victim',
  'POST /occurrences/:reference/contact-plan': 'agrees the victim contact plan',
  'POST /occurrences/:reference/withdrawal': 'records the victim’s withdrawal',
  'POST /occurrences/:reference/referrals/consider': 'proposes referrals',
  'POST /occurrences/:reference/referrals': 'records a referral',
  'POST /occurrences/:reference/video-interview': 'assigns a video-recorded interview',
  'POST /training/:id': 'records a user’s training',
  'POST /people/:id/intelligence': 'records an intelligence submission',
  'POST /api/v1/people/:id/intelligence': 'records an intelligence submission',
  'POST /occurrences/:reference/scu-reviews': 'records an SCU case review',
  'POST /occurrences/:reference/retention/retain': 'records a retention review',
  'POST /occurrences/:reference/retention/erase': 'erases the record under MoPI',
  'POST /emerging-threats/communicate': 'records an emerging threat’s communication',
  'POST /api/v1/emerging-threats/communications': 'records an emerging threat’s communication',
  'POST /api/v1/decisions/:name': 'runs a policy decision; writes nothing',
};
/** The Stalking Protection Order's own lifecycle: it changes the order, not the case's status. */
const spoRoute = /^POST \/occurrences\/:reference\/spo\/[a-z-]+$/;

/** CLI commands (from `conduct --help`), with why none of them changes a case's status. */
const cliCommands: Record<string, string> = {
  serve: 'serves the pages and API (their routes are checked above)',
  migrate: 'migrates the database schema',
  'seed-demo': 'adds demo users and reports (new reports, through the use cases)',
  user: 'adds a user',
  token: 'creates an API token',
  'verify-log': 'reads the occurrence log',
  backup: 'copies the database',
  restore: 'restores a backup into an empty database',
  'sweep-deadlines': 'escalates overdue tasks; never moves a case (tested below)',
  retention: 'lists or computes MoPI review dates',
  decide: 'runs a policy decision; writes nothing',
  policy: 'reports requirement coverage',
  generate: 'fills an empty database with a synthetic force for the bench (refuses a database that holds records)',
};

describe('every route and CLI command that changes a case’s status runs its transition’s guards', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, cidDs: UserRecord, invDc: UserRecord;
  let ds: WebSession, pc: WebSession;

  /** A stalking report taken to `stage` through the use cases. */
  async function caseAt(stage: Stage) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He keeps turning up at my work.' });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship: 'acquaintance' });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers: answers(5), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, o.reference, 1, { version: 1, grade: 'standard' });
    if (stage === 'reported') return o;
    await recordCrime(t.deps, officer, o.reference);
    if (stage === 'recorded') return o;
    await triageOccurrence(t.deps, cidDs, o.reference, triageFacts);
    if (stage === 'triaged') return o;
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: invDc.id });
    if (stage === 'allocated') return o;
    await recordSuspectAction(t.deps, invDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
    return o;
  }

  const statusOf = async (id: string) => (await t.deps.store.db.selectFrom('occurrences').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** A refused form: the page again (4xx, not a redirect or a server error) with the reason in the error summary. */
  function expectRefusedPage(res: LightMyRequestResponse, reason: RegExp) {
    expect(res.statusCode, text(res.body).slice(0, 400)).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const summary = text(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(res.body)?.[0] ?? '').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
    expect(summary).toContain('There is a problem');
    expect(summary).toMatch(reason);
  }

  async function post(session: WebSession, reference: string, path: string, form: Record<string, string>) {
    await session.get(`/occurrences/${reference}`);
    return session.post(`/occurrences/${reference}/${path}`, form);
  }

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    server = await createTestServer(t);
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    invDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' });
    ds = new WebSession(server);
    const signedIn = await ds.signIn(cidDs.username);
    expect(signedIn.statusCode, text(signedIn.body).slice(0, 600)).toBe(303);
    pc = new WebSession(server);
    expect((await pc.signIn(officer.username)).statusCode).toBe(303);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('every registered route that changes state is known: those that change a case’s status, and those that do not', () => {
    const unsafe = server.routeCatalogue.filter((r) => !['GET', 'HEAD'].includes(r.method)).map((r) => `${r.method} ${r.url}`);
    expect(unsafe.length).toBeGreaterThan(40);
    const unknown = unsafe.filter((k) => !(k in statusChanging) && !(k in notStatusChanging) && !spoRoute.test(k));
    expect(unknown, 'Routes this test does not know: say whether each changes a case’s status, and if so prove its guard refuses').toEqual([]);
    for (const k of Object.keys(statusChanging)) expect(unsafe, k).toContain(k);
  });

  it('every CLI command is known, and none changes a case’s status', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    const log = console.log;
    console.log = (...args: unknown[]) => void out.push(args.join(' '));
    try {
      await runCli(['--help']);
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
    const listed = [...new Set([...out.join('').matchAll(/^ {2}([a-z][a-z-]+)\b/gm)].map((m) => m[1]!))];
    expect(listed.length).toBeGreaterThan(8);
    expect(listed.filter((c) => !(c in cliCommands)), 'CLI commands this test does not know').toEqual([]);
  });

  it('POST record-crime: refused while a threat to life is marked and the duty inspector’s notification is not (AO-08)', async () => {
    const o = await caseAt('reported');
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(pc, o.reference, 'record-crime', {}), /duty inspector.*\(AO-08\)/);
    expect(await statusOf(o.id)).toBe('reported');
  });

  it('POST triage: refused while a threat to life is not notified (AO-08)', async () => {
    const o = await caseAt('recorded');
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(ds, o.reference, 'triage', triageForm), /\(AO-08\)/);
    expect(await statusOf(o.id)).toBe('recorded');
  });

  it('POST allocate: refused while a threat to life is not notified (AO-08)', async () => {
    const o = await caseAt('triaged');
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(ds, o.reference, 'allocate', { officerId: invDc.id }), /\(AO-08\)/);
    expect(await statusOf(o.id)).toBe('triaged');
  });

  it('POST suspect-actions: the first suspect action does not move a case under investigation while a threat to life is not notified (AO-08)', async () => {
    const o = await caseAt('allocated');
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(ds, o.reference, 'suspect-actions', { action: 'voluntary_attendance' }), /\(AO-08\)/);
    expect(await statusOf(o.id)).toBe('allocated');
    const actions = await t.deps.store.db.selectFrom('suspect_actions').select('id').where('occurrence_id', '=', o.id).execute();
    expect(actions).toEqual([]);
  });

  it('POST finalise: an empty rationale, "No evidence", outcome 18 for an interviewed suspect, and no completed investigation are each refused on the page (AL-06, TS-03)', async () => {
    const o = await caseAt('under_investigation');
    const finalise = (form: Record<string, string>) => post(ds, o.reference, 'finalise', form);
    expectRefusedPage(await finalise({ outcome: 'not_in_public_interest', rationale: '', proportionateInvestigationComplete: 'yes' }), /thorough rationale.*\(AL-06\)/);
    expectRefusedPage(await finalise({ outcome: 'evidential_difficulties', rationale: 'No evidence', proportionateInvestigationComplete: 'yes' }), /Stock phrases such as "no evidence" or "NFA" on their own are not a rationale.*\(AL-06\)/);
    expectRefusedPage(await finalise({ outcome: 'nfa', rationale: thorough, proportionateInvestigationComplete: 'yes' }), /A suspect has been arrested or interviewed.*\(AL-06\)/);
    expectRefusedPage(await finalise({ outcome: 'evidential_difficulties', rationale: thorough }), /proportionate investigation.*\(TS-03\)/);
    // What was typed stays in the form.
    expect((await finalise({ outcome: 'evidential_difficulties', rationale: 'No evidence', proportionateInvestigationComplete: 'yes' })).body).toContain('>No evidence</textarea>');
    expect(await statusOf(o.id)).toBe('under_investigation');
    const entries = await t.deps.store.db.selectFrom('log_entries').select('id').where('occurrence_id', '=', o.id).where('action', '=', 'occurrence.finalised').execute();
    expect(entries).toEqual([]);
    // With the guards met, the same form finalises it.
    const ok = await finalise({ outcome: 'evidential_difficulties', rationale: thorough, proportionateInvestigationComplete: 'yes' });
    expect(ok.statusCode).toBe(303);
    expect(await statusOf(o.id)).toBe('finalised');
  });

  it('POST corrections/reopen: a crime that is not finalised cannot be reopened', async () => {
    const o = await caseAt('under_investigation');
    expectRefusedPage(await post(ds, o.reference, 'corrections/reopen', { reason: 'New evidence from the victim’s neighbour' }), /\([A-Z]{2}-\d{2}\)/);
    expect(await statusOf(o.id)).toBe('under_investigation');
  });

  it('POST corrections/retriage: refused while a threat to life is not notified (AO-08)', async () => {
    const o = await caseAt('allocated');
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(ds, o.reference, 'corrections/retriage', { ...triageForm, reason: 'The relationship was recorded wrongly' }), /\(AO-08\)/);
    expect(await statusOf(o.id)).toBe('allocated');
  });

  it('POST corrections/reallocate: refused while a threat to life is not notified (AO-08)', async () => {
    const o = await caseAt('allocated');
    const other = await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' });
    await markThreatToLife(t.deps, officer, o.reference, { details: 'Said he would kill her' });
    expectRefusedPage(await post(ds, o.reference, 'corrections/reallocate', { officerId: other.id, reason: 'The officer in charge is on long-term leave' }), /\(AO-08\)/);
    const after = await t.deps.store.db.selectFrom('occurrences').select(['status', 'officer_in_charge_id']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'allocated', officer_in_charge_id: invDc.id });
  });

  it('PATCH /api/v1/occurrences/:reference: a status in the body is refused and the status is unchanged', async () => {
    const o = await caseAt('under_investigation');
    const { token } = await createApiToken(t.deps, cidDs.username, 'status test');
    const res = await server.inject({ method: 'PATCH', url: `/api/v1/occurrences/${o.reference}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ version: 1, status: 'finalised', reason: 'Closing it' }) });
    expect(res.statusCode).toBe(400);
    expect(await statusOf(o.id)).toBe('under_investigation');
  });

  it('sweep-deadlines escalates overdue tasks and moves no case', async () => {
    const o = await caseAt('allocated');
    t.clock.advance(60 * 86_400_000);
    const { sweepDeadlines } = await import('../../src/jobs/deadline-sweep');
    await sweepDeadlines(t.deps);
    expect(await statusOf(o.id)).toBe('allocated');
  });
});
