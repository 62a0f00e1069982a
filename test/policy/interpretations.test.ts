import { describe, expect, it } from 'vitest';
import { defaultParameters, policyParametersSchema } from '../../src/policy/parameters';
import { requirementById } from '../../src/policy/requirements';
import { interpretationRows, interpretations, parameterValueInWords } from '../../src/policy/interpretations';

const names = Object.keys(policyParametersSchema.shape);

describe('how Conduct reads the policy: every force-configured parameter is explained', () => {
  it('every parameter in the schema has an interpretation', () => {
    const missing = names.filter((n) => !Object.hasOwn(interpretations, n));
    expect(missing, `explain these parameters in src/policy/interpretations.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('every interpretation is of a parameter that exists', () => {
    const stray = Object.keys(interpretations).filter((n) => !names.includes(n));
    expect(stray).toEqual([]);
  });

  it('every requirement ID named is in the catalogue, and an entry with none names its source', () => {
    for (const [name, entry] of Object.entries(interpretations)) {
      for (const id of entry.requirements) expect(requirementById(id), `${name} names ${id}`).toBeDefined();
      if (entry.requirements.length === 0) expect(entry.source, `${name} names no requirement and no source`).toBeTruthy();
    }
  });

  it('every entry says something in plain words: a setting name and an interpretation without parameter names', () => {
    for (const [name, entry] of Object.entries(interpretations)) {
      expect(entry.setting.trim(), name).not.toBe('');
      expect(entry.interpretation.length, name).toBeGreaterThan(30);
      for (const other of names) expect(entry.interpretation, `${name} mentions ${other}`).not.toContain(other);
    }
  });

  it('a numeric parameter says what it counts', () => {
    for (const name of names) {
      const value = (defaultParameters as Record<string, unknown>)[name];
      if (typeof value === 'number') expect((interpretations as Record<string, { unit?: string }>)[name]?.unit, name).toBeDefined();
    }
  });

  it('rows give each default in words, in the schema order, with the value in force', () => {
    const rows = interpretationRows();
    expect(rows.map((r) => r.name)).toEqual(names);
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    expect(byName.get('recordingDecisionHours')).toMatchObject({ setting: 'Recording decision', requirements: ['ID-07', 'BR-01'], defaultValue: '24 hours', valueInForce: '24 hours', changed: false });
    expect(byName.get('victimUpdateEnhancedWorkingDays')?.defaultValue).toBe('1 working day');
    expect(byName.get('al08FinalisingRanks')?.defaultValue).toBe(defaultParameters.al08FinalisingRanks.join(', '));
    expect(byName.get('breachOutOfHoursWeekends')?.defaultValue).toBe('Yes');
    expect(byName.get('breachOutOfHoursFrom')?.defaultValue).toBe('18:00');
    expect(byName.get('mopiGroup2Offences')?.defaultValue).toBe('None');
    expect(byName.get('thoroughRationaleMinChars')).toMatchObject({ requirements: ['AL-06'], defaultValue: `${defaultParameters.thoroughRationaleMinChars} characters` });
    expect(byName.get('thoroughRationaleMinChars')?.interpretation).toContain('does not define "thorough"');
    for (const r of rows) expect(r.defaultValue, r.name).not.toBe('');
  });

  it('the value in force follows the force’s parameters and shows where it differs from the default', () => {
    const rows = interpretationRows(policyParametersSchema.parse({ recordingDecisionHours: 1, al08FinalisingRanks: ['DS', 'DI', 'SUPT'] }));
    const byName = new Map(rows.map((r) => [r.name as string, r]));
    expect(byName.get('recordingDecisionHours')).toMatchObject({ defaultValue: '24 hours', valueInForce: '1 hour', changed: true });
    expect(byName.get('al08FinalisingRanks')).toMatchObject({ defaultValue: defaultParameters.al08FinalisingRanks.join(', '), valueInForce: 'DS, DI, SUPT', changed: true });
    expect(byName.get('flagDurationMonths')?.changed).toBe(false);
  });

  it('values in words', () => {
    expect(parameterValueInWords(3, 'yes answers')).toBe('3 “yes” answers');
    expect(parameterValueInWords(1, 'yes answers')).toBe('1 “yes” answer');
    expect(parameterValueInWords(false)).toBe('No');
    expect(parameterValueInWords(['s4', 's4A'])).toBe('s4, s4A');
  });
});
