/**
 * Finalisation outcomes as Home Office outcome types (domain facts; keep the list as data and
 * confirm against the current Counting Rules). Every outcome here but 1, 3 and 8 closes the
 * crime without a charge, caution or community resolution, so for stalking it needs the
 * proportionate investigation complete and a thorough rationale (TS-03, AL-06). Words of advice, written warnings and mediation
 * have no place here for stalking: the finalisation decision refuses them (AL-07, TS-04).
 */
import type { Outcome } from './finalisation.js';

export const homeOfficeOutcome: Readonly<Record<Outcome, { code: number | null; name: string }>> = {
  charged: { code: 1, name: 'Charged or summonsed' },
  caution: { code: 3, name: 'Adult caution' },
  community_resolution: { code: 8, name: 'Community resolution' },
  not_in_public_interest: { code: 21, name: 'Further investigation not in the public interest (police)' },
  evidential_difficulties: { code: 15, name: 'Evidential difficulties: suspect identified, victim supports action' },
  victim_does_not_support: { code: 16, name: 'Evidential difficulties: victim does not support action' },
  nfa: { code: 18, name: 'Investigation complete: no suspect identified' },
  no_suspect_victim_does_not_support: { code: 14, name: 'Evidential difficulties: suspect not identified, victim does not support action' },
  other_body_or_agency: { code: 20, name: 'Further action undertaken by another body or agency' },
  words_of_advice: { code: null, name: 'Words of advice (never an outcome for stalking)' },
  written_warning: { code: null, name: 'Written warning (never an outcome for stalking)' },
  mediation: { code: null, name: 'Mediation (never an outcome for stalking)' },
};
