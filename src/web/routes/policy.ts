import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context';
import { requirementCoverage } from '../../app/policy/requirement-coverage';
import { decisionCatalogue } from '../../policy/index';
import { interpretationRows } from '../../policy/interpretations';
import { requirementById } from '../../policy/requirements';
import { pageContext } from '../server';
import { paths } from '../paths';

const kindLabels: Record<string, string> = { R: 'Rule', W: 'Workflow', D: 'Deadline', G: 'Guard', P: 'Prompt' };

/**
 * The policy page: every requirement ID, the decisions and workflow steps that implement it, and
 * the tests that cover it; and how Conduct reads the policy where it is silent or vague (every
 * force-configured parameter, its requirements, its default and the value in force).
 */
export async function registerPolicyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  void deps;
  app.get(paths.policy(), { config: { access: 'policy.view' } }, async (request, reply) => {
    const report = requirementCoverage();
    const catalogue = decisionCatalogue();
    const rows = report.rows.map((r) => ({
      ...r,
      area: requirementById(r.id)?.area ?? '',
      kindLabel: kindLabels[r.kind] ?? r.kind,
      decisions: r.implementedBy.filter((b) => b.startsWith('decision:')).map((b) => b.slice('decision:'.length)),
      workflow: r.implementedBy.filter((b) => !b.startsWith('decision:')),
      gap: report.gaps.includes(r.id),
    }));
    const areas: { area: string; rows: typeof rows }[] = [];
    for (const row of rows) {
      const last = areas[areas.length - 1];
      if (last && last.area === row.area) last.rows.push(row);
      else areas.push({ area: row.area, rows: [row] });
    }
    return reply.view(
      'policy.njk',
      pageContext(request, reply, {
        title: 'Policy',
        areas,
        decisions: catalogue.map((d) => ({ name: d.name, summary: d.summary, requirements: d.requirements })),
        gaps: report.gaps,
        total: rows.length,
        // The value in force is the defaults until a force's own settings are stored.
        interpretations: interpretationRows(),
      }),
    );
  });
}
