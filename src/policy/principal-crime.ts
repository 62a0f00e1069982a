/**
 * The principal crime rule (ID-03, with BR-01 for breaches).
 *
 * Policy, Principles: "When dealing with a report of any behavioural crime that encompasses
 * other criminal offences, only the principal crime (most serious crime) needs to be
 * recorded. In most cases this is likely to be the stalking and harassment, or controlling and
 * coercive behaviour."
 *
 * The order follows the Home Office Counting Rules' principal crime rule, read with the policy's
 * "In most cases this is likely to be the stalking and harassment":
 * - The most serious crime is the one the counting rules rank highest: the highest maximum
 *   sentence for the offence as it can be tried on the facts (statutes: confirm and keep as data).
 * - Criminal damage of a value not exceeding £5,000 is triable only summarily (Magistrates' Courts
 *   Act 1980 s22): maximum 3 months, not 10 years. The optional `damageValuePounds` gives the
 *   value; without it the damage is taken as under £5,000 (a clearly more serious offence is not
 *   disclosed until the value is), and the explanation asks for the value if it is more.
 * - Malicious communications and improper use of a communications network are counted by the
 *   counting rules within the harassment class: where a stalking, harassment or coercive
 *   control crime is present, they are acts of that course of conduct and never displace it.
 * - The stalking and harassment (or controlling and coercive behaviour) stays principal unless
 *   a clearly more serious offence is disclosed: one with a strictly higher maximum. On a tie
 *   the behavioural crime wins (stalking, then controlling or coercive behaviour, then
 *   harassment). The explanation says which offence was chosen and why. Breaches of
 * court orders are always recorded in addition ("Recording a 'Breach of Stalking Order' crime
 * on Niche, each time the suspect breaches the order"), so they are listed under alsoRecord.
 * The stalking counting rules have changed over time (2018, 2020, 2023): this is the rule the
 * policy states, principal crime only.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { requirementId } from './vocabulary.js';

export interface CrimeSeriousness {
  readonly code: string;
  readonly name: string;
  /** Maximum custodial sentence, in months. */
  readonly maximumMonths: number;
  /** A behavioural (course of conduct) crime; lower tieBreak wins between equals. */
  readonly behavioural: boolean;
  readonly tieBreak: number;
  /** Recorded in addition to the principal crime, never subsumed (breaches of orders). */
  readonly alwaysRecorded: boolean;
  /** Counted by the counting rules within the harassment class: never displaces a behavioural crime. */
  readonly harassmentClass?: boolean;
}

/** Criminal damage not exceeding this value is triable only summarily (Magistrates' Courts Act 1980 s22). */
export const criminalDamageSummaryLimitPounds = 5000;
/** The summary-only maximum for low-value criminal damage, in months. */
const criminalDamageSummaryMaximumMonths = 3;

/** Seriousness table: maximum sentences (confirm). */
export const crimeSeriousness = [
  { code: 'racially_aggravated_s4A', name: 'racially or religiously aggravated stalking with fear of violence or serious alarm or distress (CDA 1998 s32)', maximumMonths: 168, behavioural: true, tieBreak: 1, alwaysRecorded: false },
  { code: 'racially_aggravated_s4', name: 'racially or religiously aggravated fear of violence (CDA 1998 s32)', maximumMonths: 168, behavioural: true, tieBreak: 3, alwaysRecorded: false },
  { code: 's4A', name: 'stalking involving fear of violence or serious alarm or distress (PHA 1997 s4A)', maximumMonths: 120, behavioural: true, tieBreak: 2, alwaysRecorded: false },
  { code: 's4', name: 'putting people in fear of violence (PHA 1997 s4)', maximumMonths: 120, behavioural: true, tieBreak: 4, alwaysRecorded: false },
  { code: 'coercive_control', name: 'controlling or coercive behaviour (Serious Crime Act 2015 s76)', maximumMonths: 60, behavioural: true, tieBreak: 5, alwaysRecorded: false },
  { code: 'racially_aggravated_s2A', name: 'racially or religiously aggravated stalking (CDA 1998 s32)', maximumMonths: 24, behavioural: true, tieBreak: 6, alwaysRecorded: false },
  { code: 'racially_aggravated_s2', name: 'racially or religiously aggravated harassment (CDA 1998 s32)', maximumMonths: 24, behavioural: true, tieBreak: 8, alwaysRecorded: false },
  { code: 's2A', name: 'stalking (PHA 1997 s2A)', maximumMonths: 6, behavioural: true, tieBreak: 7, alwaysRecorded: false },
  { code: 's2', name: 'harassment (PHA 1997 s2)', maximumMonths: 6, behavioural: true, tieBreak: 9, alwaysRecorded: false },
  { code: 'burglary_dwelling', name: 'burglary of a dwelling (Theft Act 1968 s9)', maximumMonths: 168, behavioural: false, tieBreak: 20, alwaysRecorded: false },
  { code: 'threats_to_kill', name: 'threats to kill (OAPA 1861 s16)', maximumMonths: 120, behavioural: false, tieBreak: 20, alwaysRecorded: false },
  { code: 'criminal_damage', name: 'criminal damage (Criminal Damage Act 1971 s1)', maximumMonths: 120, behavioural: false, tieBreak: 21, alwaysRecorded: false },
  { code: 'gbh_s20', name: 'wounding or inflicting grievous bodily harm (OAPA 1861 s20)', maximumMonths: 60, behavioural: false, tieBreak: 20, alwaysRecorded: false },
  { code: 'abh_s47', name: 'assault occasioning actual bodily harm (OAPA 1861 s47)', maximumMonths: 60, behavioural: false, tieBreak: 21, alwaysRecorded: false },
  { code: 'malicious_communications', name: 'malicious communications (Malicious Communications Act 1988 s1)', maximumMonths: 24, behavioural: false, tieBreak: 20, alwaysRecorded: false, harassmentClass: true },
  { code: 'disclosing_private_sexual_images', name: 'disclosing private sexual photographs or films', maximumMonths: 24, behavioural: false, tieBreak: 21, alwaysRecorded: false },
  { code: 'improper_use_of_communications', name: 'improper use of a public electronic communications network (Communications Act 2003 s127)', maximumMonths: 6, behavioural: false, tieBreak: 20, alwaysRecorded: false, harassmentClass: true },
  { code: 'common_assault', name: 'common assault (Criminal Justice Act 1988 s39)', maximumMonths: 6, behavioural: false, tieBreak: 21, alwaysRecorded: false },
  { code: 'spo_breach', name: 'breach of a Stalking Protection Order (Stalking Protection Act 2019 s8)', maximumMonths: 60, behavioural: false, tieBreak: 30, alwaysRecorded: true },
  { code: 'restraining_order_breach', name: 'breach of a restraining order (PHA 1997 s5(5) / Sentencing Act 2020 s363)', maximumMonths: 60, behavioural: false, tieBreak: 30, alwaysRecorded: true },
  { code: 'non_molestation_order_breach', name: 'breach of a non-molestation order (Family Law Act 1996 s42A)', maximumMonths: 60, behavioural: false, tieBreak: 30, alwaysRecorded: true },
] as const satisfies readonly CrimeSeriousness[];

export type CrimeCode = (typeof crimeSeriousness)[number]['code'];
export const crimeCodes = crimeSeriousness.map((c) => c.code) as [CrimeCode, ...CrimeCode[]];

const byCode = new Map<string, CrimeSeriousness>(crimeSeriousness.map((c) => [c.code, c]));

export const principalCrimeInput = z.strictObject({
  offences: z
    .array(z.enum(crimeCodes, { error: `Each must be one of ${crimeCodes.join(', ')}` }), { error: 'Give a list of offence codes' })
    .min(1, { error: 'Give at least one offence' })
    .max(50, { error: 'At most 50' }),
  damageValuePounds: z
    .number({ error: 'Give the value in pounds' })
    .min(0, { error: 'Cannot be negative' })
    .max(1_000_000_000, { error: 'Too large' })
    .optional()
    .describe('Optional: the value of any criminal damage, in pounds. Not exceeding £5,000 it is summary-only (3 months); not given, it is taken as not exceeding £5,000.'),
});
export type PrincipalCrimeInput = z.infer<typeof principalCrimeInput>;

const rankedSchema = z.object({ offence: z.enum(crimeCodes), name: z.string(), maximumMonths: z.number().int(), behavioural: z.boolean() });

export const principalCrimeOutput = z.object({
  principal: z.enum(crimeCodes),
  alsoRecord: z.array(z.enum(crimeCodes)),
  ranked: z.array(rankedSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type PrincipalCrimeOutput = z.infer<typeof principalCrimeOutput>;

/** A crime as it ranks on these facts: its maximum as it can be tried, and whether the behavioural crime absorbs it. */
interface Ranked extends CrimeSeriousness {
  readonly effectiveMonths: number;
  readonly absorbed: boolean;
}

function moreSerious(a: Ranked, b: Ranked): number {
  return Number(a.absorbed) - Number(b.absorbed) || b.effectiveMonths - a.effectiveMonths || a.tieBreak - b.tieBreak || a.code.localeCompare(b.code);
}

function describeMaximum(months: number): string {
  return months % 12 === 0 ? `${months / 12} years` : `${months} months`;
}

export function choosePrincipalCrime(input: PrincipalCrimeInput): PrincipalCrimeOutput {
  const crimes = [...new Set(input.offences)].map((code) => byCode.get(code)).filter((c): c is CrimeSeriousness => c !== undefined);
  const behaviouralPresent = crimes.some((c) => c.behavioural);
  const damageOverLimit = input.damageValuePounds !== undefined && input.damageValuePounds > criminalDamageSummaryLimitPounds;
  const rankedCrimes: Ranked[] = crimes
    .map((c) => ({
      ...c,
      effectiveMonths: c.code === 'criminal_damage' && !damageOverLimit ? criminalDamageSummaryMaximumMonths : c.maximumMonths,
      absorbed: behaviouralPresent && c.harassmentClass === true,
    }))
    .sort(moreSerious);
  const candidates = rankedCrimes.filter((c) => !c.alwaysRecorded);
  const principal = (candidates[0] ?? rankedCrimes[0]) as Ranked;
  const alsoRecord = rankedCrimes.filter((c) => c.alwaysRecorded && c !== principal).map((c) => c.code as CrimeCode);
  const requirements = alsoRecord.length ? ['ID-03', 'BR-01'] : ['ID-03'];

  const sentences = [
    `Record ${principal.name} as the principal crime: "only the principal crime (most serious crime) needs to be recorded", taken in the Home Office Counting Rules' order (its maximum as it can be tried on these facts: ${describeMaximum(principal.effectiveMonths)}).`,
  ];
  const others = candidates.filter((c) => c !== principal);
  const behaviouralSubsumed = others.filter((c) => c.behavioural);
  if (principal.behavioural && others.length > 0) {
    sentences.push(
      `"In most cases this is likely to be the stalking and harassment, or controlling and coercive behaviour": ${principal.name} stays principal because no clearly more serious offence is disclosed (${others.map((c) => `${c.name}: ${c.absorbed ? 'counted within the harassment class, an act of the course of conduct' : `maximum ${describeMaximum(c.effectiveMonths)}`}`).join('; ')}).`,
    );
  } else if (!principal.behavioural && behaviouralSubsumed.length > 0) {
    sentences.push(
      `"In most cases this is likely to be the stalking and harassment, or controlling and coercive behaviour", but here a clearly more serious offence is disclosed: ${principal.name} carries a maximum of ${describeMaximum(principal.effectiveMonths)}, more than ${behaviouralSubsumed.map((c) => `${c.name} (${describeMaximum(c.effectiveMonths)})`).join(', ')}. Check whether the course of conduct amounts to a more serious behavioural offence (e.g. s4A).`,
    );
  }
  if (crimes.some((c) => c.code === 'criminal_damage')) {
    sentences.push(
      damageOverLimit
        ? `The criminal damage is valued at £${input.damageValuePounds} (more than £5,000), so it is triable either way, maximum 10 years.`
        : input.damageValuePounds === undefined
          ? 'No value is given for the criminal damage, so it is taken as not more than £5,000: triable only summarily, maximum 3 months (Magistrates’ Courts Act 1980 s22). If the damage is worth more, give its value.'
          : `The criminal damage is valued at £${input.damageValuePounds} (not more than £5,000), so it is triable only summarily, maximum 3 months (Magistrates’ Courts Act 1980 s22).`,
    );
  }
  if (alsoRecord.length) {
    sentences.push(`Also record ${alsoRecord.map((c) => byCode.get(c)?.name ?? c).join('; ')}: a breach of an order is recorded each time, in addition.`);
  }

  return {
    principal: principal.code as CrimeCode,
    alsoRecord,
    ranked: rankedCrimes.map((c) => ({ offence: c.code as CrimeCode, name: c.name, maximumMonths: c.effectiveMonths, behavioural: c.behavioural })),
    requirements,
    explanation: sentences.join(' '),
  };
}

export const principalCrimeDecision = defineDecision<PrincipalCrimeInput, PrincipalCrimeOutput>({
  name: 'principalCrime',
  summary: 'Which crime to record when a course of conduct encompasses several offences: the principal (most serious) crime only, plus any order breaches.',
  requirements: ['ID-03', 'BR-01'],
  input: principalCrimeInput,
  output: principalCrimeOutput,
  decide: choosePrincipalCrime,
});
