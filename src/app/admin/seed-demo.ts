import type { Role, Rank } from '../../domain/roles';
import { systemActor } from '../../domain/actor';
import type { District } from '../../domain/occurrence';
import type { UnitType } from '../../domain/units';
import { addUser } from './users';
import { recordOccurrence } from '../intake/record-occurrence';
import { addParty } from '../intake/people';
import { assignAttendingOfficer } from '../intake/attendance';
import { completeTask } from '../tasks/worklist';
import { tasksOfOccurrence } from '../../store/repositories/tasks';
import { findUserByUsername } from '../../store/repositories/users';
import type { AppDeps } from '../context';

/** The password every demo user has. Demo users exist only in a database created in demo mode. */
export const DEMO_PASSWORD = 'conduct-demo-2026';

export const demoUsers: {
  username: string;
  displayName: string;
  role: Role;
  rank: Rank;
  district: District | null;
  unit: string;
  unitType: UnitType;
  abeTrainedOn?: string;
  elearningCompletedOn?: string;
}[] = [
  { username: 'call.handler', displayName: 'Priya Shah', role: 'call_handler', rank: 'STAFF', district: 'leeds', unit: 'Customer Contact Centre', unitType: 'CONTACT_CENTRE', elearningCompletedOn: '2026-01-15' },
  { username: 'attending.officer', displayName: 'PC Tom Walsh', role: 'attending_officer', rank: 'PC', district: 'leeds', unit: 'Leeds Patrol', unitType: 'PATROL', elearningCompletedOn: '2026-02-03' },
  { username: 'triage.ds', displayName: 'DS Helen Okafor', role: 'triaging_supervisor', rank: 'DS', district: 'leeds', unit: 'Leeds Safeguarding DA Team', unitType: 'DA_TEAM', abeTrainedOn: '2023-05-10', elearningCompletedOn: '2026-01-20' },
  { username: 'supervisor', displayName: 'PS Gareth Lloyd', role: 'supervisory_officer', rank: 'PS', district: 'leeds', unit: 'Leeds Patrol', unitType: 'PATROL', elearningCompletedOn: '2025-11-30' },
  { username: 'investigator', displayName: 'DC Aisha Begum', role: 'investigating_officer', rank: 'DC', district: 'leeds', unit: 'Leeds Safeguarding DA Team', unitType: 'DA_TEAM', abeTrainedOn: '2024-09-02', elearningCompletedOn: '2026-01-08' },
  { username: 'scu.officer', displayName: 'DS Mark Pearson', role: 'scu_officer', rank: 'DS', district: null, unit: 'Stalking Coordination Unit', unitType: 'SCU', abeTrainedOn: '2021-03-01', elearningCompletedOn: '2026-01-02' },
  { username: 'diu.analyst', displayName: 'Rachel Hughes', role: 'diu_analyst', rank: 'STAFF', district: 'bradford', unit: 'Bradford District Intelligence Unit', unitType: 'INTELLIGENCE' },
  { username: 'superintendent', displayName: 'Supt Daniel Carter', role: 'authorising_superintendent', rank: 'SUPT', district: 'leeds', unit: 'Leeds District Command', unitType: 'COMMAND' },
  { username: 'offender.manager', displayName: 'DC Sam Whitaker', role: 'da_offender_manager', rank: 'DC', district: 'kirklees', unit: 'Kirklees DA Offender Management Unit', unitType: 'OFFENDER_MANAGEMENT' },
  { username: 'om.supervisor', displayName: 'DS Joanne Firth', role: 'offender_manager_supervisor', rank: 'DS', district: 'kirklees', unit: 'Kirklees DA Offender Management Unit', unitType: 'OFFENDER_MANAGEMENT' },
  { username: 'legal', displayName: 'Farah Iqbal', role: 'legal_services', rank: 'STAFF', district: null, unit: 'Legal Services', unitType: 'LEGAL_SERVICES' },
  { username: 'det.supt', displayName: 'Det Supt Claire Marsden', role: 'detective_superintendent_safeguarding', rank: 'SUPT', district: null, unit: 'Safeguarding Central Governance Unit', unitType: 'COMMAND' },
  { username: 'duty.inspector', displayName: 'Insp Robert Nolan', role: 'duty_inspector', rank: 'INSP', district: 'wakefield', unit: 'Wakefield Patrol', unitType: 'PATROL' },
  { username: 'auditor', displayName: 'Susan Barker', role: 'auditor', rank: 'STAFF', district: null, unit: 'Professional Standards Audit', unitType: 'OTHER' },
  { username: 'admin', displayName: 'Conduct Administrator', role: 'administrator', rank: 'STAFF', district: null, unit: 'Digital Policing', unitType: 'OTHER' },
  { username: 'cid.ds', displayName: 'DS Imran Malik', role: 'triaging_supervisor', rank: 'DS', district: 'leeds', unit: 'Leeds CID', unitType: 'CID', abeTrainedOn: '2022-06-14', elearningCompletedOn: '2026-02-11' },
  { username: 'cid.dc', displayName: 'DC Laura Kemp', role: 'investigating_officer', rank: 'DC', district: 'leeds', unit: 'Leeds CID', unitType: 'CID', abeTrainedOn: '2025-02-20' },
  { username: 'inv.team', displayName: 'DC Owen Price', role: 'investigating_officer', rank: 'DC', district: 'leeds', unit: 'Leeds Investigation Team', unitType: 'INVESTIGATION_TEAM', elearningCompletedOn: '2026-03-01' },
  { username: 'npt.pc', displayName: 'PC Jade Booth', role: 'investigating_officer', rank: 'PC', district: 'leeds', unit: 'Leeds Neighbourhood Policing', unitType: 'NEIGHBOURHOOD' },
];

const demoReports = [
  {
    hoursAgo: 20,
    channel: '999',
    callGrade: 'emergency',
    district: 'leeds',
    location: 'Chapel Allerton, Leeds',
    firstAccount:
      'Caller says her ex-partner has been outside her house every night this week and followed her to work twice. He sent 40 messages last night saying he will never let her go. She is frightened he will come in.',
  },
  {
    hoursAgo: 14,
    channel: '101',
    callGrade: 'scheduled',
    district: 'bradford',
    location: 'Manningham, Bradford',
    firstAccount:
      'Reporting person is a colleague of the victim. A man the victim met once at a gym has been turning up at her workplace and leaving gifts on her car. She has asked him to stop.',
  },
  {
    hoursAgo: 6,
    channel: 'online',
    callGrade: 'scheduled',
    district: 'kirklees',
    location: 'Dewsbury, Kirklees',
    firstAccount:
      'Victim reports a former neighbour keeps posting about her on social media and has created accounts in her name. Started three months ago after a dispute over parking.',
  },
  {
    hoursAgo: 3,
    channel: '101',
    callGrade: 'priority',
    district: 'leeds',
    location: 'Roundhay, Leeds',
    firstAccount:
      'Victim reports her ex-partner was waiting at her new workplace this morning, two days after she reported him. He told her he knows where she lives now.',
  },
] as const;

/**
 * Who is in the demo reports: one suspect, Darren Holt, against two victims, and one victim
 * reporting him twice, so the DIU analyst's emerging threats (DI-01) show a serial perpetrator and
 * a repeat victim on a fresh demo database. Keyed by the report's index in demoReports.
 */
const demoParties: Record<number, { role: 'victim' | 'suspect'; surname: string; forenames: string; dateOfBirth?: string }[]> = {
  0: [
    { role: 'victim', surname: 'Clarke', forenames: 'Emma', dateOfBirth: '1991-07-23' },
    { role: 'suspect', surname: 'Holt', forenames: 'Darren', dateOfBirth: '1986-04-12' },
  ],
  1: [
    { role: 'victim', surname: 'Turner', forenames: 'Sophie', dateOfBirth: '1996-02-09' },
    { role: 'suspect', surname: 'Holt', forenames: 'Darren', dateOfBirth: '1986-04-12' },
  ],
  3: [
    { role: 'victim', surname: 'Clarke', forenames: 'Emma', dateOfBirth: '1991-07-23' },
    { role: 'suspect', surname: 'Holt', forenames: 'Darren', dateOfBirth: '1986-04-12' },
  ],
};

/**
 * What happened on each demo report after the call, minutes after it was received, done through
 * the same use cases as the pages (so its tasks follow the obligations): the Leeds emergency had
 * an officer deployed within the emergency window, who attended; the newest Leeds report has its
 * officer assigned and the attendance still to do (README step 2).
 */
const demoAttendance: Record<number, { assignedAfterMinutes: number; attendedAfterMinutes?: number }> = {
  0: { assignedAfterMinutes: 6, attendedAfterMinutes: 14 },
  3: { assignedAfterMinutes: 20 },
};

/** Fills a new demo database with one user per role and a few reports. Idempotent: does nothing if demo users exist. */
export async function seedDemo(deps: AppDeps): Promise<{ users: number; occurrences: number }> {
  if (await findUserByUsername(deps.store.db, demoUsers[0]!.username)) return { users: 0, occurrences: 0 };
  for (const u of demoUsers) await addUser(deps, systemActor, { ...u, password: DEMO_PASSWORD });
  const callHandler = await findUserByUsername(deps.store.db, 'call.handler');
  let occurrences = 0;
  // One record per person: the second time someone is named, the first record is used (CS-06).
  const people = new Map<string, string>();
  const officer = await findUserByUsername(deps.store.db, 'attending.officer');
  for (const [i, r] of demoReports.entries()) {
    const received = deps.clock().getTime() - r.hoursAgo * 3600_000;
    // Each step at its own time on the report's story, not all at the moment of seeding.
    const at = (minutes: number): AppDeps => ({ ...deps, clock: () => new Date(received + minutes * 60_000) });
    const { hoursAgo: _h, ...rest } = r;
    const occurrence = await recordOccurrence(at(2), callHandler!, { ...rest, receivedAt: new Date(received).toISOString() });
    for (const party of demoParties[i] ?? []) {
      const key = `${party.surname}|${party.forenames}|${party.dateOfBirth ?? ''}`;
      const known = people.get(key);
      const added = await addParty(at(4), callHandler!, occurrence.reference, known ? { role: party.role, personId: known } : party);
      people.set(key, added.personId);
    }
    const attendance = demoAttendance[i];
    if (attendance && officer) {
      await assignAttendingOfficer(at(attendance.assignedAfterMinutes), callHandler!, occurrence.reference, { officerId: officer.id });
      if (attendance.attendedAfterMinutes !== undefined) {
        const attend = (await tasksOfOccurrence(deps.store.db, occurrence.id)).find((t) => t.action === 'attend' && t.status === 'open');
        if (attend) await completeTask(at(attendance.attendedAfterMinutes), officer, attend.id, { note: 'Attended: victim safe, primary investigation under way' });
      }
    }
    occurrences += 1;
  }
  return { users: demoUsers.length, occurrences };
}
