/**
 * Call grading (CS-01, with prompts CS-04, CS-05, AO-08).
 *
 * Communications staff: "Grading calls for service appropriately based on threat, risk and
 * harm. An emergency response must be provided where it is apparent that the caller or victim
 * is at risk of immediate harm". A threat to life is treated as a risk of immediate harm.
 * Below emergency the grade is the call handler's judgement of threat, risk and harm: the
 * decision does not second-guess it, it only refuses a grade below emergency when immediate
 * harm is apparent.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { citedRequirements, oneOf, promptSchema, requirementId, violationSchema, yesNo, type Prompt, type Violation } from './vocabulary.js';

export const callGrades = ['emergency', 'priority', 'scheduled', 'resolve_without_deployment'] as const;
export type CallGrade = (typeof callGrades)[number];

export const callGradingInput = z.strictObject({
  immediateRiskOfHarm: yesNo().describe('It is apparent that the caller or victim is at risk of immediate harm.'),
  threatToLife: yesNo().optional(),
  proposedGrade: oneOf(callGrades).optional().describe('The grade the call handler proposes.'),
});
export type CallGradingInput = z.infer<typeof callGradingInput>;

export const callGradingOutput = z.object({
  minimumGrade: z.enum(callGrades),
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type CallGradingOutput = z.infer<typeof callGradingOutput>;

export function gradeCall(input: CallGradingInput): CallGradingOutput {
  const immediate = input.immediateRiskOfHarm || input.threatToLife === true;
  const minimumGrade: CallGrade = immediate ? 'emergency' : 'resolve_without_deployment';
  const violations: Violation[] = [];
  const prompts: Prompt[] = [
    { requirement: 'CS-04', message: 'Advise the caller about preserving any potential evidence until the police arrive.' },
    { requirement: 'CS-05', message: 'Tell the caller that officers have been despatched or, if deployment is not urgent, when they will arrive.' },
  ];
  if (input.threatToLife) {
    prompts.push({ requirement: 'AO-08', message: 'Threat to life: follow the Threats to Life policy and notify the duty inspector immediately.' });
  }
  if (immediate && input.proposedGrade !== undefined && input.proposedGrade !== 'emergency') {
    violations.push({
      requirement: 'CS-01',
      message: `"An emergency response must be provided where it is apparent that the caller or victim is at risk of immediate harm": ${input.proposedGrade.replaceAll('_', ' ')} is too low.`,
    });
  }
  const allowed = violations.length === 0;
  return {
    minimumGrade,
    allowed,
    violations,
    prompts,
    requirements: citedRequirements(['CS-01'], violations, prompts),
    explanation: immediate
      ? `The ${input.threatToLife ? 'threat to life puts the caller or victim' : 'caller or victim is'} at risk of immediate harm: an emergency response must be provided.${allowed ? '' : ` ${violations[0]?.message ?? ''}`}`
      : 'No risk of immediate harm is apparent: grade the call on threat, risk and harm.',
  };
}

export const callGradingDecision = defineDecision<CallGradingInput, CallGradingOutput>({
  name: 'callGrading',
  summary: 'The minimum call grade: an emergency response where the caller or victim is at risk of immediate harm.',
  requirements: ['CS-01', 'CS-04', 'CS-05', 'AO-08'],
  input: callGradingInput,
  output: callGradingOutput,
  decide: gradeCall,
});
