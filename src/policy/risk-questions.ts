/**
 * Risk question sets, stored as versioned data rather than one hard-coded list (domain facts:
 * the College of Policing's DARA is replacing DASH force by force).
 *
 * DASH-2009-police: the Domestic Abuse, Stalking, Harassment and Honour Based Violence risk
 * identification checklist (2009), police version: 27 numbered items, the victim's questions
 * (1-24) plus officer-recorded items (25-27). Wording is paraphrased, not the licensed text.
 *
 * Stalking screening (S-DASH): 11 questions asked where stalking or harassment is present.
 */

export interface RiskQuestion {
  readonly id: string;
  readonly number: number;
  readonly text: string;
  /** Who answers: the victim, or the officer from records and observation. */
  readonly answeredBy: 'victim' | 'officer';
}

export interface RiskQuestionSet {
  readonly version: string;
  readonly title: string;
  readonly questions: readonly RiskQuestion[];
}

export const riskAnswers = ['yes', 'no', 'not_known'] as const;
export type RiskAnswer = (typeof riskAnswers)[number];

export const dashQuestionIds = [
  'dash_01', 'dash_02', 'dash_03', 'dash_04', 'dash_05', 'dash_06', 'dash_07', 'dash_08', 'dash_09',
  'dash_10', 'dash_11', 'dash_12', 'dash_13', 'dash_14', 'dash_15', 'dash_16', 'dash_17', 'dash_18',
  'dash_19', 'dash_20', 'dash_21', 'dash_22', 'dash_23', 'dash_24', 'dash_25', 'dash_26', 'dash_27',
] as const;
export type DashQuestionId = (typeof dashQuestionIds)[number];

export const DASH_VERSION = 'DASH-2009-police';

export const dashQuestionSet: RiskQuestionSet = {
  version: DASH_VERSION,
  title: 'Domestic Abuse, Stalking, Harassment and Honour Based Violence (DASH) risk identification checklist, 2009, police version',
  questions: [
    { id: 'dash_01', number: 1, answeredBy: 'victim', text: 'Has the current incident resulted in an injury?' },
    { id: 'dash_02', number: 2, answeredBy: 'victim', text: 'Is the victim very frightened?' },
    { id: 'dash_03', number: 3, answeredBy: 'victim', text: 'Is the victim afraid of further injury or violence (record what they are afraid of)?' },
    { id: 'dash_04', number: 4, answeredBy: 'victim', text: 'Does the victim feel isolated from family or friends?' },
    { id: 'dash_05', number: 5, answeredBy: 'victim', text: 'Is the victim feeling depressed or having suicidal thoughts?' },
    { id: 'dash_06', number: 6, answeredBy: 'victim', text: 'Has the victim separated, or tried to separate, from the abuser within the past year?' },
    { id: 'dash_07', number: 7, answeredBy: 'victim', text: 'Is there conflict over child contact?' },
    { id: 'dash_08', number: 8, answeredBy: 'victim', text: 'Does the abuser constantly text, call, contact, follow, stalk or harass the victim?' },
    { id: 'dash_09', number: 9, answeredBy: 'victim', text: 'Is the victim pregnant, or have they recently had a baby?' },
    { id: 'dash_10', number: 10, answeredBy: 'victim', text: 'Is the abuse happening more often?' },
    { id: 'dash_11', number: 11, answeredBy: 'victim', text: 'Is the abuse getting worse?' },
    { id: 'dash_12', number: 12, answeredBy: 'victim', text: 'Does the abuser try to control everything the victim does, or are they excessively jealous?' },
    { id: 'dash_13', number: 13, answeredBy: 'victim', text: 'Has the abuser ever used weapons or objects to hurt the victim?' },
    { id: 'dash_14', number: 14, answeredBy: 'victim', text: 'Has the abuser ever threatened to kill the victim or someone else, and the victim believed them?' },
    { id: 'dash_15', number: 15, answeredBy: 'victim', text: 'Has the abuser ever attempted to strangle, choke, suffocate or drown the victim?' },
    { id: 'dash_16', number: 16, answeredBy: 'victim', text: 'Does the abuser do or say things of a sexual nature that make the victim feel bad or that physically hurt them or someone else?' },
    { id: 'dash_17', number: 17, answeredBy: 'victim', text: 'Is there any other person who has threatened the victim or whom the victim is afraid of?' },
    { id: 'dash_18', number: 18, answeredBy: 'victim', text: 'Does the victim know if the abuser has hurt anyone else (children, other family members, former partners, others)?' },
    { id: 'dash_19', number: 19, answeredBy: 'victim', text: 'Has the abuser ever mistreated an animal or the family pet?' },
    { id: 'dash_20', number: 20, answeredBy: 'victim', text: 'Are there any financial issues (for example dependence on the abuser, or recent loss of a job)?' },
    { id: 'dash_21', number: 21, answeredBy: 'victim', text: 'Has the abuser had problems in the past year with drugs, alcohol or mental health leading to problems in leading a normal life?' },
    { id: 'dash_22', number: 22, answeredBy: 'victim', text: 'Has the abuser ever threatened or attempted suicide?' },
    { id: 'dash_23', number: 23, answeredBy: 'victim', text: 'Has the abuser ever broken bail, an injunction or a formal agreement about when they can see the victim or the children?' },
    { id: 'dash_24', number: 24, answeredBy: 'victim', text: 'Does the victim know if the abuser has ever been in trouble with the police or has a criminal history?' },
    { id: 'dash_25', number: 25, answeredBy: 'officer', text: 'Are there children, step-children not the abuser’s, or other dependants in the household?' },
    { id: 'dash_26', number: 26, answeredBy: 'officer', text: 'Does the abuser’s occupation or interests give them unique access to weapons?' },
    { id: 'dash_27', number: 27, answeredBy: 'officer', text: 'Is there other relevant information (from the victim or officer: disability, substance misuse, mental health, cultural or language barriers, honour-based systems, minimisation) that may increase the risk?' },
  ],
};

export const stalkingScreeningQuestionIds = [
  'sdash_01', 'sdash_02', 'sdash_03', 'sdash_04', 'sdash_05', 'sdash_06',
  'sdash_07', 'sdash_08', 'sdash_09', 'sdash_10', 'sdash_11',
] as const;
export type StalkingScreeningQuestionId = (typeof stalkingScreeningQuestionIds)[number];

export const STALKING_SCREENING_VERSION = 'S-DASH-2009';

export const stalkingScreeningQuestionSet: RiskQuestionSet = {
  version: STALKING_SCREENING_VERSION,
  title: 'Stalking and harassment screening questions (S-DASH)',
  questions: [
    { id: 'sdash_01', number: 1, answeredBy: 'victim', text: 'Is the victim very frightened?' },
    { id: 'sdash_02', number: 2, answeredBy: 'victim', text: 'Is there previous domestic abuse or harassment history?' },
    { id: 'sdash_03', number: 3, answeredBy: 'victim', text: 'Has the stalker vandalised or destroyed property?' },
    { id: 'sdash_04', number: 4, answeredBy: 'victim', text: 'Has the stalker turned up unannounced more than three times a week?' },
    { id: 'sdash_05', number: 5, answeredBy: 'victim', text: 'Has the stalker followed the victim or loitered near their home or workplace?' },
    { id: 'sdash_06', number: 6, answeredBy: 'victim', text: 'Has the stalker made threats of physical or sexual violence?' },
    { id: 'sdash_07', number: 7, answeredBy: 'victim', text: 'Has the stalker harassed any third party (family, children, friends, colleagues)?' },
    { id: 'sdash_08', number: 8, answeredBy: 'victim', text: 'Has the stalker been violent to anyone else during the stalking?' },
    { id: 'sdash_09', number: 9, answeredBy: 'victim', text: 'Has the stalker engaged others to help them?' },
    { id: 'sdash_10', number: 10, answeredBy: 'victim', text: 'Has the stalker had problems with drugs, alcohol or mental health?' },
    { id: 'sdash_11', number: 11, answeredBy: 'victim', text: 'Does the stalker have previous convictions, or are they known to be violent to others?' },
  ],
};

/** The stalking screening question about threats of violence (SC-05: threats plus escalation). */
export const STALKING_THREATS_QUESTION: StalkingScreeningQuestionId = 'sdash_06';
/** DASH questions that show escalation: abuse happening more often, or getting worse. */
export const DASH_ESCALATION_QUESTIONS: readonly DashQuestionId[] = ['dash_10', 'dash_11'];

/**
 * The stalking screening rule (domain facts, S-DASH): "Many 'yes' answers, or any threat of
 * violence with escalation, point to referral to specialist stalking support and high risk."
 * Threats (screening question 6) with escalation (DASH 10 or 11 "yes", or the MARAC escalation
 * route) raise the grade to high; the risk decision states this rule when it does.
 */
export const STALKING_SCREENING_HIGH_RISK_RULE =
  'Stalking screening: where the stalker has made threats of physical or sexual violence (screening question 6) and the behaviour is escalating (the abuse happening more often or getting worse, or repeated incidents), the answers point to high risk.';

export const riskQuestionSets: readonly RiskQuestionSet[] = [dashQuestionSet, stalkingScreeningQuestionSet];
