import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementCatalogue } from '../../policy/requirements';
import { computeCoverage, policyImplementations } from '../../policy/coverage';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const idPattern = /['"`]([A-Z]{2}-\d{2})['"`]/g;

/**
 * Implementations outside the decision registry: use cases, guards and pages that name a
 * requirement ID as a value (e.g. `requirements: ['CS-07']` written to the occurrence log).
 */
export function workflowImplementations(root = projectRoot): { id: string; by: string }[] {
  const out: { id: string; by: string }[] = [];
  for (const dir of ['app', 'web', 'api', 'jobs']) {
    for (const file of walk(join(root, 'src', dir))) {
      if (file.endsWith('.test.ts')) continue;
      const seen = new Set<string>();
      for (const m of readFileSync(file, 'utf8').matchAll(idPattern)) seen.add(m[1]!);
      for (const id of seen) out.push({ id, by: relative(root, file) });
    }
  }
  return out;
}

export function testFiles(root = projectRoot): { file: string; text: string }[] {
  return [...walk(join(root, 'test')), ...walk(join(root, 'src'))]
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));
}

export type CoverageReport = ReturnType<typeof computeCoverage>;

let cached: CoverageReport | undefined;

/** Which code implements each requirement ID and which tests name it. Read from the source tree once per process. */
export function requirementCoverage(options: { fresh?: boolean; root?: string } = {}): CoverageReport {
  if (cached && !options.fresh && !options.root) return cached;
  const root = options.root ?? projectRoot;
  const report = computeCoverage({
    catalogue: requirementCatalogue,
    implementations: [...policyImplementations(), ...workflowImplementations(root)],
    testFiles: testFiles(root),
  });
  if (!options.root) cached = report;
  return report;
}
