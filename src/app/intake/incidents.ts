import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { digitalChannels, incidentActTypeLabels, incidentActTypes, incidentChannelLabels, incidentChannels } from '../../domain/intake';
import { courseOfConductOccurrenceIds, insertIncident, listIncidents, listParties } from '../../store/repositories/intake';
import { findOccurrenceById } from '../../store/repositories/occurrences';
import { parseInput, permit, type AppDeps } from '../context';
import { ValidationError } from '../errors';
import { changeOccurrence, loadVisibleOccurrence } from './occurrence-change';
import { canSeeOccurrence } from './occurrence-queries';

export const addIncidentInput = z
  .object({
    occurredAt: z.iso.datetime({ offset: true, message: 'Enter when it happened' }),
    place: z.string().trim().min(1, 'Enter where it happened').max(300, 'Must be 300 characters or fewer'),
    actType: z.enum(incidentActTypes, { message: 'Select what was done' }),
    channel: z.enum(incidentChannels, { message: 'Select how it was done' }),
    description: z.string().trim().min(1, 'Describe what happened').max(5000, 'Must be 5,000 characters or fewer'),
  })
  .strict();

/**
 * Records one act in the course of conduct. ID-06: a digital channel (phone, text, social media,
 * email) sets the occurrence's cyber flag.
 */
export async function addIncident(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(addIncidentInput, raw);
  if (new Date(input.occurredAt).getTime() > deps.clock().getTime() + 5 * 60_000) {
    throw new ValidationError([{ field: 'occurredAt', message: 'When it happened must not be in the future' }]);
  }
  const digital = digitalChannels.includes(input.channel);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'incident.recorded',
    requirements: digital ? ['ID-05', 'ID-06'] : ['ID-05'],
    run: async ({ trx, occurrence, now, logged }) => {
      const id = randomUUID();
      await insertIncident(trx, {
        id,
        occurrence_id: occurrence.id,
        occurred_at: new Date(input.occurredAt).toISOString(),
        place: input.place,
        act_type: input.actType,
        channel: input.channel,
        description: input.description,
        created_at: now,
        created_by: actor.id,
      });
      logged.push({ field: 'incident', before: null, after: `${incidentActTypeLabels[input.actType]} (${incidentChannelLabels[input.channel]}) at ${input.place}` });
      return { changes: digital && !occurrence.cyberFlag ? { cyber_flag: 1 } : {}, result: { id } };
    },
  });
}

/**
 * ID-05: the course of conduct: every occurrence between the same victim and suspect, with all
 * their incidents in time order, so history is never seen in isolation.
 */
export async function courseOfConduct(deps: AppDeps, actor: Actor, occurrenceRef: string) {
  permit(actor, 'occurrence.view');
  const db = deps.store.db;
  const occurrence = await loadVisibleOccurrence(db, actor, occurrenceRef);
  const ids = await courseOfConductOccurrenceIds(db, occurrence.id);
  const linked = (await Promise.all(ids.map((id) => findOccurrenceById(db, id)))).filter((o) => o && canSeeOccurrence(actor, o));
  const visibleIds = linked.map((o) => o!.id);
  const incidents = await listIncidents(db, visibleIds);
  const parties = await listParties(db, occurrence.id);
  return {
    occurrence,
    linkedOccurrences: linked.map((o) => ({ id: o!.id, reference: o!.reference, receivedAt: o!.receivedAt, offence: o!.offence })),
    incidents,
    incidentCount: incidents.length,
    hasVictimAndSuspect: parties.some((p) => p.role === 'victim') && parties.some((p) => p.role === 'suspect'),
  };
}
