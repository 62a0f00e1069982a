/**
 * Search powers for evidence (IO-07).
 *
 * Policy: "S2 of the act – Harassment is a summary offence and no power of entry exists to
 * search for evidence; and S2B of the act – Stalking creates a power of entry to search for
 * evidence only for offences contrary to s2A".
 *
 * Domain facts: s2B is a warrant a justice of the peace may issue to enter and search for
 * evidence of an s2A offence, and for nothing else. s4 and s4A are either-way (so indictable)
 * offences: the general PACE powers apply (s8 warrant; s18 after arrest; s32 on arrest), not
 * s2B. s2 and s2A are summary only, so those PACE powers, which need an indictable offence, do
 * not apply.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { citedRequirements, offences, oneOf, requirementId, violationSchema, type Offence, type Violation } from './vocabulary.js';

export const searchPowerKinds = ['s2B_warrant', 'pace_s8_warrant', 'pace_s18', 'pace_s32'] as const;
export type SearchPower = (typeof searchPowerKinds)[number];

const powerWords: Readonly<Record<SearchPower, string>> = {
  s2B_warrant: 'a warrant under s2B Protection from Harassment Act 1997 to enter and search for evidence of an s2A offence',
  pace_s8_warrant: 'a warrant under s8 PACE 1984 to search for evidence of an indictable offence',
  pace_s18: 'entry and search under s18 PACE 1984 after arrest for an indictable offence',
  pace_s32: 'entry and search under s32 PACE 1984 of premises where the suspect was on or immediately before arrest for an indictable offence',
};

const powersFor: Readonly<Record<Offence, readonly SearchPower[]>> = {
  s2: [],
  s2A: ['s2B_warrant'],
  s4: ['pace_s8_warrant', 'pace_s18', 'pace_s32'],
  s4A: ['pace_s8_warrant', 'pace_s18', 'pace_s32'],
};

export const searchPowersInput = z.strictObject({
  offence: oneOf(offences),
  proposedPower: oneOf(searchPowerKinds).optional(),
});
export type SearchPowersInput = z.infer<typeof searchPowersInput>;

export const searchPowersOutput = z.object({
  powers: z.array(z.object({ power: z.enum(searchPowerKinds), description: z.string() })),
  s2bWarrantAvailable: z.boolean(),
  powerOfEntryToSearchForEvidence: z.boolean(),
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type SearchPowersOutput = z.infer<typeof searchPowersOutput>;

const offenceSentences: Readonly<Record<Offence, string>> = {
  s2: '"Harassment is a summary offence and no power of entry exists to search for evidence."',
  s2A: '"S2B of the act – Stalking creates a power of entry to search for evidence only for offences contrary to s2A": a justice of the peace may issue an s2B warrant.',
  s4: 's2B is only for s2A, so it does not apply. s4 is an either-way (indictable) offence, so the PACE powers apply: a s8 warrant, s18 after arrest and s32 on arrest.',
  s4A: 's2B is only for s2A, so it does not apply to s4A. s4A is an either-way (indictable) offence, so the PACE powers apply: a s8 warrant, s18 after arrest and s32 on arrest.',
};

export function searchPowers(input: SearchPowersInput): SearchPowersOutput {
  const available = powersFor[input.offence];
  const violations: Violation[] = [];
  if (input.proposedPower !== undefined && !available.includes(input.proposedPower)) {
    violations.push({
      requirement: 'IO-07',
      message: `${powerWords[input.proposedPower][0]?.toUpperCase()}${powerWords[input.proposedPower].slice(1)} is not available for ${input.offence}. ${offenceSentences[input.offence]}`,
    });
  }
  return {
    powers: available.map((power) => ({ power, description: powerWords[power] })),
    s2bWarrantAvailable: available.includes('s2B_warrant'),
    powerOfEntryToSearchForEvidence: available.length > 0,
    allowed: violations.length === 0,
    violations,
    requirements: citedRequirements(['IO-07'], violations),
    explanation: offenceSentences[input.offence],
  };
}

export const searchPowersDecision = defineDecision<SearchPowersInput, SearchPowersOutput>({
  name: 'searchPowers',
  summary: 'Which powers of entry to search for evidence exist for the offence: none for s2, an s2B warrant for s2A only, PACE powers for s4 and s4A.',
  requirements: ['IO-07'],
  input: searchPowersInput,
  output: searchPowersOutput,
  decide: searchPowers,
});
