import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app/context';
import { managementInformation, managementInformationRecords, miRecordsInput } from '../app/reporting/management-information';
import { complianceRecords, complianceRecordsInput, complianceReport } from '../app/reporting/compliance-report';
import { reportPeriodInput } from '../app/reporting/period';
import { apiSecurity } from './security';

/**
 * Management information and the compliance report as JSON: the same use cases as the pages.
 * Restricted occurrences (ID-08) are counted and listed only for users who may see them.
 */
export async function registerReportingApi(root: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = root.withTypeProvider<ZodTypeProvider>();
  const security = apiSecurity;
  const period = 'Dates are London calendar dates (YYYY-MM-DD), inclusive; without them, the twelve months to today. Without a district, force-wide.';

  api.get(
    '/v1/management-information',
    {
      config: { access: 'mi.view' },
      schema: { tags: ['Management information'], security, summary: 'The dashboard figures for a period, per district or force-wide', description: `${period} Each figure names its drill-down (figure and bucket) for /v1/management-information/records.`, querystring: reportPeriodInput },
    },
    async (request) => managementInformation(deps, request.actor!, request.query),
  );

  api.get(
    '/v1/management-information/records',
    {
      config: { access: 'mi.view' },
      schema: { tags: ['Management information'], security, summary: 'The records behind one figure, newest first, paged by key', description: `${period} \`total\` equals the figure.`, querystring: miRecordsInput },
    },
    async (request) => {
      const r = await managementInformationRecords(deps, request.actor!, request.query);
      return { ...r, next: r.next ?? null };
    },
  );

  api.get(
    '/v1/compliance',
    {
      config: { access: 'compliance.view' },
      schema: { tags: ['Compliance'], security, summary: 'Each deadline requirement, counted from obligations: applied, met on time (met), met late (late), open and overdue (overdue), open and not yet due (open), closed with a reason (closed); each guard (G): applied, met, not met (late), overridden with a reason', description: `${period} Guard refusals are not recorded anywhere, so they are not counted.`, querystring: reportPeriodInput },
    },
    async (request) => complianceReport(deps, request.actor!, request.query),
  );

  api.get(
    '/v1/compliance/records',
    {
      config: { access: 'compliance.view' },
      schema: { tags: ['Compliance'], security, summary: 'The records behind one compliance figure, newest first, paged by key', description: period, querystring: complianceRecordsInput },
    },
    async (request) => {
      const r = await complianceRecords(deps, request.actor!, request.query);
      return { ...r, next: r.next ?? null };
    },
  );
}
