import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { progressionViolations } from '../intake/progression';
import { specialistUnits } from '../../policy/vocabulary';
import { findUserById } from '../../store/repositories/users';
import { completeTaskRow, openTaskOf } from '../../store/repositories/tasks';
import { NotFoundError, PolicyViolationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';
import { entitledToRestricted } from '../../auth/record-access';

export const allocateInput = z.object({ officerId: z.string().uuid('Choose an officer in charge') }).strict();

/**
 * SV-01, AL-02 to AL-05: allocates the triaged crime to an officer in charge in the unit the
 * triage chose. Patrol and neighbourhood officers are never allocated a stalking crime; the DASH
 * grading must be endorsed first (SV-02).
 */
export async function allocateOfficerInCharge(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'allocate');
  const input = parseInput(allocateInput, raw);
  const officer = await findUserById(deps.store.db, input.officerId);
  if (!officer || !officer.active) throw new NotFoundError('No such officer');
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.allocated',
    requirements: ['SV-01', 'AL-02', 'AL-05'],
    run: async (ctx) => {
      const o = ctx.occurrence;
      const violations: { requirement: string; message: string }[] = [];
      if (officer.unitType === 'PATROL' || officer.unitType === 'NEIGHBOURHOOD') {
        violations.push({ requirement: 'AL-05', message: `${officer.displayName} is a patrol or neighbourhood officer: stalking and harassment crimes are never allocated to patrol or neighbourhood policing` });
      } else if (o.allocatedUnit && officer.unitType !== o.allocatedUnit) {
        violations.push({ requirement: 'AL-02', message: `This crime is allocated to ${o.allocatedUnit}; ${officer.displayName} works in ${officer.unitType ?? 'an unrecorded unit'}` });
      }
      if (officer.role !== 'investigating_officer') violations.push({ requirement: 'SV-01', message: `${officer.displayName} is not an investigating officer` });
      else if (o.restricted && !entitledToRestricted(officer)) {
        violations.push({ requirement: 'ID-08', message: `${officer.displayName} may not open records involving the force’s workforce: allocate an investigating officer of the DA team` });
      }
      violations.push(...(await progressionViolations(ctx.trx, o, 'allocated')));
      if (violations.length) throw new PolicyViolationError(violations);
      // IO-02 safety plan review, XC-01 contact plan and SV-03 supervisor review follow from the allocation (obligations).
      ctx.logged.push({ field: 'officerInCharge', before: null, after: `${officer.displayName} (${officer.unit})` });
      return { changes: { status: 'allocated', officer_in_charge_id: officer.id, allocated_unit: o.allocatedUnit ?? officer.unitType }, result: { officerName: officer.displayName, specialist: specialistUnits.includes(officer.unitType as never) } };
    },
  });
}
