/**
 * The principal crime rule (ID-03, with BR-01 for breaches).
 *
 * Policy, Principles: "When dealing with a report of any behavioural crime that encompasses
 * other criminal offences, only the principal crime (most serious crime) needs to be
 * recorded. In most cases this is likely to be the stalking and harassment, or controlling and
 * coercive behaviour."
 *
 * "Most serious" is taken as the highest maximum sentence (domain facts; other maxima from the
 * statutes, confirm and keep as data). On a tie the behavioural crime wins (stalking, then
 * controlling or coercive behaviour, then harassment), as the policy expects. Breaches of
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
}

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
  { code: 'malicious_communications', name: 'malicious communications (Malicious Communications Act 1988 s1)', maximumMonths: 24, behavioural: false, tieBreak: 20, alwaysRecorded: false },
  { code: 'disclosing_private_sexual_images', name: 'disclosing private sexual photographs or films', maximumMonths: 24, behavioural: false, tieBreak: 21, alwaysRecorded: false },
  { code: 'improper_use_of_communications', name: 'improper use of a public electronic communications network (Communications Act 2003 s127)', maximumMonths: 6, behavioural: false, tieBreak: 20, alwaysRecorded: false },
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

function moreSerious(a: CrimeSeriousness, b: CrimeSeriousness): number {
  return b.maximumMonths - a.maximumMonths || a.tieBreak - b.tieBreak || a.code.localeCompare(b.code);
}

function describeMaximum(months: number): string {
  return months % 12 === 0 ? `${months / 12} years` : `${months} months`;
}

export function choosePrincipalCrime(input: PrincipalCrimeInput): PrincipalCrimeOutput {
  const crimes = [...new Set(input.offences)].map((code) => byCode.get(code)).filter((c): c is CrimeSeriousness => c !== undefined);
  const ranked = [...crimes].sort(moreSerious);
  const candidates = ranked.filter((c) => !c.alwaysRecorded);
  const principal = (candidates[0] ?? ranked[0]) as CrimeSeriousness;
  const alsoRecord = ranked.filter((c) => c.alwaysRecorded && c !== principal).map((c) => c.code as CrimeCode);
  const requirements = alsoRecord.length ? ['ID-03', 'BR-01'] : ['ID-03'];

  const sentences = [`Record ${principal.name} as the principal crime: it is the most serious (maximum ${describeMaximum(principal.maximumMonths)}), and "only the principal crime (most serious crime) needs to be recorded".`];
  const behaviouralSubsumed = candidates.filter((c) => c.behavioural && c !== principal);
  if (!principal.behavioural && behaviouralSubsumed.length > 0) {
    sentences.push(`The principal crime is usually the stalking and harassment or controlling and coercive behaviour; here ${principal.name} carries the higher maximum. Check whether the course of conduct amounts to a more serious behavioural offence (e.g. s4A).`);
  }
  if (alsoRecord.length) {
    sentences.push(`Also record ${alsoRecord.map((c) => byCode.get(c)?.name ?? c).join('; ')}: a breach of an order is recorded each time, in addition.`);
  }

  return {
    principal: principal.code as CrimeCode,
    alsoRecord,
    ranked: ranked.map((c) => ({ offence: c.code as CrimeCode, name: c.name, maximumMonths: c.maximumMonths, behavioural: c.behavioural })),
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
