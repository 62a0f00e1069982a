import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeCoverage, policyImplementations, testTitles } from '../../src/policy/coverage.js';
import { requirementCatalogue } from '../../src/policy/requirements.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('computeCoverage (pure)', () => {
  const catalogue = [
    { id: 'AL-07', kind: 'G', text: 'Words of advice are never an outcome for a stalking crime.' },
    { id: 'SP-01', kind: 'R', text: 'Consider an SPO.' },
    { id: 'SP-12', kind: 'D', text: 'Moves in.' },
    { id: 'XC-02', kind: 'W', text: 'ABE.' },
  ];

  it('reads test titles from it(...) and test(...), not from skipped or todo tests', () => {
    const text = [
      "it('AL-07: words of advice are never an outcome', () => {});",
      'test("SP-01: conditions", () => {});',
      'it.skip(\'SP-12: skipped\', () => {});',
      'it.todo(\'XC-02: todo\');',
      'it.each([1, 2])(`SP-12: each %s`, () => {});',
    ].join('\n');
    expect(testTitles(text)).toEqual(['AL-07: words of advice are never an outcome', 'SP-01: conditions', 'SP-12: each %s']);
  });

  it('marks an ID covered when a test title in the file contains it, and lists R/G/D gaps', () => {
    const report = computeCoverage({
      catalogue,
      implementations: [
        { id: 'AL-07', by: 'decision:finalisation' },
        { id: 'AL-07', by: 'decision:finalisation' },
        { id: 'SP-12', by: 'decision:deadlines' },
      ],
      testFiles: [
        { file: 'a.test.ts', text: "it('AL-07: words of advice', () => {}); it('SP-01: x', () => {});" },
        { file: 'b.test.ts', text: "// SP-12 in a comment is not a title\nit('SP-1: a shorter ID', () => {});" },
      ],
    });
    expect(report.rows.find((r) => r.id === 'AL-07')).toMatchObject({ implementedBy: ['decision:finalisation'], testedBy: ['a.test.ts'] });
    expect(report.rows.find((r) => r.id === 'SP-12')?.testedBy).toEqual([]);
    expect(report.gaps).toEqual(['SP-01', 'SP-12']);
  });

  it('does not count an ID inside a longer one (SP-1 is not SP-12, AL-071 is not AL-07)', () => {
    const report = computeCoverage({
      catalogue,
      implementations: [{ id: 'AL-07', by: 'x' }],
      testFiles: [{ file: 'c.test.ts', text: "it('AL-071 and XAL-07', () => {});" }],
    });
    expect(report.rows.find((r) => r.id === 'AL-07')?.testedBy).toEqual([]);
  });
});

describe('coverage of the real catalogue', () => {
  const testFiles = readdirSync(here)
    // This file's own examples quote test titles inside strings: leave it out so they count for nothing.
    .filter((f) => f.endsWith('.test.ts') && f !== 'coverage.test.ts')
    .map((file) => ({ file: `test/policy/${file}`, text: readFileSync(`${here}/${file}`, 'utf8') }));
  const report = computeCoverage({ catalogue: requirementCatalogue, implementations: policyImplementations(), testFiles });

  it('every R, G and D requirement has a decision implementing it and a test naming it (no gaps)', () => {
    expect(report.gaps).toEqual([]);
  });

  it('policyImplementations names every decision by "decision:<name>"', () => {
    const impl = policyImplementations();
    expect(impl.find((i) => i.id === 'AL-07')?.by).toBe('decision:finalisation');
    expect(impl.every((i) => i.by.startsWith('decision:'))).toBe(true);
  });
});
