/**
 * MARAC: whether a case is referred to a Multi-Agency Risk Assessment Conference. One answer,
 * from this one place, used by the risk decision (the DASH's `maracReferral`, from which the
 * obligations open the MARAC task) and by the referrals decision.
 *
 * The policy does not set MARAC's criteria. Domestic facts: "MARAC: multi-agency meeting for
 * high-risk domestic abuse victims", with four routes: 14 or more "yes" answers
 * (configurable), professional judgement, escalation (commonly 3 or more incidents in 12
 * months), repeat referral. So:
 * - MARAC is for domestic abuse only: a non-domestic case is never referred, whatever routes
 *   its DASH meets (the answer says which routes were met and why they do not refer);
 * - a domestic case is referred when any route is met, or when the risk is assessed as high
 *   by other means (a high grade from the stalking screening rule, or a force banding whose
 *   "high" starts below the MARAC yes threshold): the route is then 'high_risk'.
 */
import type { RiskGrade } from './vocabulary.js';

export const maracRoutes = ['yes_count', 'professional_judgement', 'escalation', 'repeat', 'high_risk'] as const;
export type MaracRoute = (typeof maracRoutes)[number];

const routeNames: Readonly<Record<MaracRoute, string>> = {
  yes_count: 'yes count',
  professional_judgement: 'professional judgement',
  escalation: 'escalation',
  repeat: 'repeat',
  high_risk: 'high risk',
};

export interface MaracFacts {
  /** Domestic abuse: the suspect is personally connected to the victim. */
  domestic: boolean;
  /** The assessed risk grade. */
  grade: RiskGrade;
  /** The routes the DASH meets, where known by name. */
  routes?: readonly MaracRoute[];
  /** A route is met, where the names are not known (e.g. read from a stored assessment). */
  routeMet?: boolean;
}

export interface MaracAnswer {
  required: boolean;
  /** The routes that refer this case: empty unless required. */
  routes: MaracRoute[];
  /** Why (or why not, when routes are met for a non-domestic case); null when no route is met. */
  reason: string | null;
}

export function maracReferral(f: MaracFacts): MaracAnswer {
  const met: MaracRoute[] = [...(f.routes ?? [])];
  if (f.grade === 'high' && !met.includes('yes_count') && !met.includes('professional_judgement')) met.push('high_risk');
  const anyRoute = met.length > 0 || f.routeMet === true;
  if (!anyRoute) return { required: false, routes: [], reason: null };
  const which = met.length ? `the ${met.map((r) => routeNames[r]).join(', ')} route${met.length > 1 ? 's' : ''}` : 'a MARAC referral route';
  if (!f.domestic) {
    return {
      required: false,
      routes: [],
      reason: `MARAC is for high-risk domestic abuse: this case is not domestic, so it is not referred to MARAC although ${which} ${met.length > 1 ? 'are' : 'is'} met.`,
    };
  }
  return {
    required: true,
    routes: met,
    reason: f.grade === 'high' ? `High-risk domestic abuse: refer to MARAC (${which}).` : `Domestic abuse with ${which} met: refer to MARAC.`,
  };
}
