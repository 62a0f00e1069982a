import { decisionCatalogue, decisions } from '../policy/index';
import { runDecision } from '../policy/registry';
import { requirementCoverage } from '../app/policy/requirement-coverage';
import { UsageError } from './usage-error';
import { parseArgs } from 'node:util';

/** conduct decide NAME < input.json  |  conduct decide --list */
export function decideCommand(args: string[], readStdin: () => string): number {
  const { values, positionals } = parseArgs({ args, options: { list: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (values.list) {
    process.stdout.write(`${JSON.stringify(decisionCatalogue(), null, 2)}\n`);
    return 0;
  }
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new UsageError(`Usage: conduct decide NAME < input.json (decisions: ${[...decisions.keys()].join(', ')})`);
  if (!decisions.has(name)) {
    process.stderr.write(`No decision named "${name}". Known: ${[...decisions.keys()].join(', ')}\n`);
    return 2;
  }
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

/** conduct policy coverage [--json] */
export function policyCoverageCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const report = requirementCoverage({ fresh: true });
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
