import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { findUserById } from '../../store/repositories/users';
import { completeTaskRow, openTaskOf } from '../../store/repositories/tasks';
import { NotFoundError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from './occurrence-change';

export const callAdviceInput = z
  .object({
    evidenceAdviceGiven: z.literal(true, { message: 'Confirm the caller was advised to preserve evidence until police arrive (CS-04)' }),
    attendanceMessage: z.string().trim().min(1, 'Enter what the caller was told about officers attending (CS-05)').max(500, 'Must be 500 characters or fewer'),
  })
  .strict();

/** CS-04, CS-05: the caller was advised to preserve evidence and told when officers will arrive. */
export async function recordCallAdvice(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(callAdviceInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'call_advice.recorded',
    requirements: ['CS-04', 'CS-05'],
    run: async () => ({ changes: { evidence_advice_given: 1, attendance_message: input.attendanceMessage }, result: undefined }),
  });
}

export const assignAttendanceInput = z.object({ officerId: z.string().uuid('Choose an attending officer') }).strict();

/** Allocates the attendance to an officer: they see it in their worklist with a task to attend. */
export async function assignAttendingOfficer(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'attendance.assign');
  const input = parseInput(assignAttendanceInput, raw);
  const officer = await findUserById(deps.store.db, input.officerId);
  if (!officer || !officer.active) throw new NotFoundError('No such officer');
  if (officer.role !== 'attending_officer') throw new ValidationError([{ field: 'officerId', message: 'Choose an attending officer' }]);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'attendance.assigned',
    requirements: ['CS-05', 'AO-01'],
    run: async (ctx) => {
      // CS-05 is fulfilled and AO-01 (attend) opens for the officer: both follow from the assignment (obligations).
      return { changes: { attending_officer_id: officer.id }, result: { officerName: officer.displayName } };
    },
  });
}
