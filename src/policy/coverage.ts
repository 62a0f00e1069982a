/**
 * Requirement coverage: which catalogue IDs have code implementing them and tests naming them.
 * Pure: the caller passes the catalogue, the implementations and the test files' text.
 *
 * A test "covers" an ID when the title of a test (`it(...)` or `test(...)`, not skipped or
 * todo) in that file contains the ID, e.g. it('AL-07: words of advice are never an outcome
 * for a stalking crime', ...). A gap is an ID of kind R, G or D with no implementation or no
 * test.
 */
import { decisions } from './index.js';

export interface CoverageRow {
  id: string;
  kind: string;
  text: string;
  implementedBy: string[];
  testedBy: string[];
}

export interface CoverageInput {
  catalogue: readonly { id: string; kind: string; text: string }[];
  implementations: readonly { id: string; by: string }[];
  testFiles: readonly { file: string; text: string }[];
}

export interface CoverageReport {
  rows: CoverageRow[];
  /** IDs of kind R, G or D with no implementation or no test. */
  gaps: string[];
}

const GAP_KINDS = new Set(['R', 'G', 'D']);

/**
 * Test titles in a file: the first string argument of it(...) / test(...) and their .only,
 * .each(...) and .concurrent forms. Skipped and todo tests do not count.
 */
export function testTitles(text: string): string[] {
  const titles: string[] = [];
  const call = /\b(?:it|test)((?:\.(?:only|concurrent|sequential|fails))*(?:\.each\([^)]*\))?)\s*\(\s*(['"`])((?:\\.|(?!\2)[\s\S])*)\2/g;
  for (const match of text.matchAll(call)) {
    const title = match[3];
    if (title !== undefined) titles.push(title);
  }
  return titles;
}

function mentions(title: string, id: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9-])${id.replace('-', '\\-')}(?![0-9])`).test(title);
}

export function computeCoverage(input: CoverageInput): CoverageReport {
  const titlesByFile = input.testFiles.map((f) => ({ file: f.file, titles: testTitles(f.text) }));
  const rows = input.catalogue.map((req) => ({
    id: req.id,
    kind: req.kind,
    text: req.text,
    implementedBy: [...new Set(input.implementations.filter((i) => i.id === req.id).map((i) => i.by))],
    testedBy: titlesByFile.filter((f) => f.titles.some((t) => mentions(t, req.id))).map((f) => f.file),
  }));
  const gaps = rows.filter((r) => GAP_KINDS.has(r.kind) && (r.implementedBy.length === 0 || r.testedBy.length === 0)).map((r) => r.id);
  return { rows, gaps };
}

/** Every decision's requirement IDs, as implementations ("decision:<name>"). */
export function policyImplementations(): { id: string; by: string }[] {
  return [...decisions.values()].flatMap((d) => d.requirements.map((id) => ({ id, by: `decision:${d.name}` })));
}
