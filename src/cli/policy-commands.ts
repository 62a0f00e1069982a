import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decisionCatalogue, decisions } from '../policy/index';
import { runDecision } from '../policy/registry';
import { requirementCatalogue } from '../policy/requirements';
import { computeCoverage, policyImplementations } from '../policy/coverage';
import { UsageError } from './usage-error';
import { parseArgs } from 'node:util';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** conduct decide NAME < input.json  |  conduct decide --list */
export function decideCommand(args: string[], readStdin: () => string): number {
  const { values, positionals } = parseArgs({ args, options: { list: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (values.list) {
    process.stdout.write(`${JSON.stringify(decisionCatalogue(), null, 2)}\n`);
    return 0;
  }
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError(`Usage: conduct decide NAME < input.json (decisions: ${[...decisions.keys()].join(', ')})`);
  const text = readStdin();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    process.stderr.write('input: standard input is not a JSON object\n');
    return 2;
  }
  const run = runDecision(decisions, name, raw);
  if (run.ok) {
    process.stdout.write(`${JSON.stringify(run.result, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(`${run.message}\n`);
  return 2;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const idPattern = /['"`]([A-Z]{2}-\d{2})['"`]/g;

/**
 * Implementations outside the decision registry: use cases, guards and pages that name a
 * requirement ID as a value (e.g. in `requirements: ['CS-07']` written to the occurrence log).
 */
export function workflowImplementations(root = projectRoot): { id: string; by: string }[] {
  const out: { id: string; by: string }[] = [];
  for (const dir of ['app', 'web', 'api', 'jobs']) {
    let files: string[] = [];
    try {
      files = walk(join(root, 'src', dir));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const seen = new Set<string>();
      for (const m of text.matchAll(idPattern)) seen.add(m[1]!);
      for (const id of seen) out.push({ id, by: relative(root, file) });
    }
  }
  return out;
}

export function testFiles(root = projectRoot): { file: string; text: string }[] {
  const files = [...walk(join(root, 'test')), ...walk(join(root, 'src')).filter((f) => f.endsWith('.test.ts'))];
  return files.filter((f) => f.endsWith('.test.ts')).map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));
}

export function coverageReport(root = projectRoot) {
  return computeCoverage({
    catalogue: requirementCatalogue,
    implementations: [...policyImplementations(), ...workflowImplementations(root)],
    testFiles: testFiles(root),
  });
}

/** conduct policy coverage [--json] */
export function policyCoverageCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const report = coverageReport();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const lines = report.rows.map(
      (r) =>
        `${r.id.padEnd(6)} ${r.kind}  ${String(r.implementedBy.length).padStart(2)} impl  ${String(r.testedBy.length).padStart(2)} tests  ${r.implementedBy.slice(0, 3).join(', ')}`,
    );
    process.stdout.write(`ID     kind  implemented / tested\n${lines.join('\n')}\n`);
    process.stdout.write(
      report.gaps.length
        ? `\n${report.gaps.length} requirement(s) of kind R, G or D lack code or tests: ${report.gaps.join(', ')}\n`
        : `\nEvery requirement of kind R, G and D has implementing code and a test.\n`,
    );
  }
  return report.gaps.length ? 1 : 0;
}
