/**
 * A finalised stalking crime built through the use cases, as a force's users would make it: a
 * victim and a suspect with their details, an incident, an endorsed DASH, triage, allocation and
 * an NFA finalisation. For the MoPI retention tests.
 */
import type { TestApp } from './app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { addParty } from '../../src/app/intake/people';
import { addIncident } from '../../src/app/intake/incidents';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';
import type { OccurrenceRecord } from '../../src/store/repositories/occurrences';

const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));

export interface RetentionCast {
  handler: UserRecord;
  officer: UserRecord;
  sergeant: UserRecord;
  cidDs: UserRecord;
  invDc: UserRecord;
  cidDc: UserRecord;
}

export async function retentionCast(t: TestApp): Promise<RetentionCast> {
  return {
    handler: await t.user('call_handler'),
    officer: await t.user('attending_officer', { unitType: 'PATROL' }),
    sergeant: await t.user('supervisory_officer', { rank: 'PS' }),
    cidDs: await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' }),
    invDc: await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' }),
    cidDc: await t.user('investigating_officer', { rank: 'DC', unitType: 'CID' }),
  };
}

/** A finalised s2A (Group 3 unless told otherwise) with named people; `restricted` marks workforce involvement. */
export async function finalisedStalking(
  t: TestApp,
  c: RetentionCast,
  options: { offence?: 's2A' | 's4A'; yes?: number; restricted?: boolean; victimSurname?: string; suspectDob?: string; finalise?: boolean } = {},
): Promise<OccurrenceRecord> {
  const o = await recordOccurrence(t.deps, c.handler, {
    receivedAt: t.clock().toISOString(),
    channel: '101',
    callGrade: 'priority',
    district: 'leeds',
    location: '14 Acacia Avenue, Leeds LS6 2AB',
    firstAccount: `${options.victimSurname ?? 'Pemberton'} says her former colleague keeps waiting outside her flat.`,
  });
  await addParty(t.deps, c.officer, o.reference, { role: 'victim', surname: options.victimSurname ?? 'Pemberton', forenames: 'Alys', dateOfBirth: '1990-04-02', address: '14 Acacia Avenue, Leeds', postcode: 'LS6 2AB', phone: '07700 900123' });
  await addParty(t.deps, c.officer, o.reference, { role: 'suspect', surname: 'Grindley', forenames: 'Marcus', dateOfBirth: options.suspectDob ?? '1975-09-14', markers: ['violence'] });
  await addIncident(t.deps, c.officer, o.reference, { occurredAt: new Date(t.clock().getTime() - 86_400_000).toISOString(), place: 'Outside 14 Acacia Avenue', actType: 'loitering', channel: 'in_person', description: 'Waited by the gate for two hours and called her name.' });
  await classifyOccurrence(t.deps, c.officer, o.reference, { answers: { ...four, seriousAlarmOrDistress: options.offence === 's4A' }, offence: options.offence ?? 's2A', relationship: 'acquaintance' });
  const yes = options.yes ?? 5;
  await recordRiskAssessment(t.deps, c.officer, o.reference, { assessment: { answers: answers(yes), victimEngaged: true } });
  await endorseRiskAssessment(t.deps, c.sergeant, o.reference, 1, { version: 1, grade: yes >= 14 ? 'high' : 'standard' });
  await recordCrime(t.deps, c.officer, o.reference);
  if (options.finalise === false) return o;
  await triageOccurrence(t.deps, c.cidDs, o.reference, {
    adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false,
    threatRiskHarmComplexity: 'Persistent contact at the victim’s home; moderate complexity.',
    relationship: 'acquaintance',
  });
  const oic = options.offence === 's4A' ? c.cidDc : c.invDc;
  await allocateOfficerInCharge(t.deps, c.cidDs, o.reference, { officerId: oic.id });
  await recordSuspectAction(t.deps, oic, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
  await finaliseOccurrence(t.deps, c.cidDs, o.reference, {
    outcome: 'evidential_difficulties',
    rationale: 'Enquiries complete: CCTV shows no contact, phone download negative, no independent witnesses; victim informed.',
    proportionateInvestigationComplete: true,
  });
  // ID-08: marked by the call handler who recorded it (a triaging DS has no need to know).
  if (options.restricted) await markWorkforceInvolvement(t.deps, c.handler, o.reference, { reason: 'The suspect is a member of police staff' });
  return o;
}
