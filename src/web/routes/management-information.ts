import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { ValidationError } from '../../app/errors';
import {
  exportManagementInformationChart,
  exportManagementInformationRecords,
  managementInformation,
  managementInformationRecords,
  type Chart,
  type FigureRecords,
} from '../../app/reporting/management-information';
import { complianceRecords, complianceReport, exportComplianceRecords, exportComplianceReport, type ComplianceRecords } from '../../app/reporting/compliance-report';
import { toCsv } from '../../app/reporting/csv';
import { periodQuery, type ReportPeriod } from '../../app/reporting/period';
import { districtNames, districts, occurrenceStatusLabels, type District, type OccurrenceStatus } from '../../domain/occurrence';
import { formatDate, formatDateTime } from '../../domain/time';
import type { FigureRecord } from '../../store/repositories/management-information';
import { pageContext } from '../server';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { barChartGeometry } from '../charts';
import { outcomeLabel } from '../../app/reporting/management-information';

const districtOptions = districts.map((value) => ({ value, text: districtNames[value] }));
const anchors = { from: 'from-day', to: 'to-day', district: 'district' };
const formNames = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'district'];

/** The GOV.UK date inputs as a date (YYYY-MM-DD); something the date check refuses when the parts are not a date. */
function dateFromParts(v: Record<string, string>, name: 'from' | 'to'): string | undefined {
  const day = (v[`${name}-day`] ?? '').trim();
  const month = (v[`${name}-month`] ?? '').trim();
  const year = (v[`${name}-year`] ?? '').trim();
  if (!day && !month && !year) return undefined;
  if (/^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)) return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return 'not a date';
}

/** The period form's fields (day, month, year of each date, and the district), from the query; other query fields are ignored. */
function periodForm(request: FastifyRequest): { values: Record<string, string>; input: Record<string, string> } {
  const q = formFields(request.query);
  const values = Object.fromEntries(Object.entries(q).filter(([k]) => formNames.includes(k)));
  const input: Record<string, string> = {};
  const from = dateFromParts(values, 'from');
  const to = dateFromParts(values, 'to');
  if (from !== undefined) input.from = from;
  if (to !== undefined) input.to = to;
  if (values.district) input.district = values.district;
  return { values, input };
}

function formValuesOf(p: ReportPeriod): Record<string, string> {
  const [fy, fm, fd] = p.from.split('-');
  const [ty, tm, td] = p.to.split('-');
  return { 'from-day': String(Number(fd)), 'from-month': String(Number(fm)), 'from-year': fy!, 'to-day': String(Number(td)), 'to-month': String(Number(tm)), 'to-year': ty!, district: p.district ?? '' };
}

const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();
export const reportingPaths = {
  records: (p: ReportPeriod, figure: string, bucket: string) => `${paths.managementInformation()}/records?${qs({ ...periodQuery(p), figure, bucket })}`,
  recordsCsv: (p: ReportPeriod, figure: string, bucket: string) => `${paths.managementInformation()}/records.csv?${qs({ ...periodQuery(p), figure, bucket })}`,
  table: (p: ReportPeriod, chart: string) => `${paths.managementInformation()}/tables/${chart}?${qs(periodQuery(p))}`,
  complianceRecords: (p: ReportPeriod, requirement: string, measure: string) => `${paths.compliance()}/records?${qs({ ...periodQuery(p), requirement, measure })}`,
  complianceRecordsCsv: (p: ReportPeriod, requirement: string, measure: string) => `${paths.compliance()}/records.csv?${qs({ ...periodQuery(p), requirement, measure })}`,
  complianceCsv: (p: ReportPeriod) => `${paths.compliance()}.csv?${qs(periodQuery(p))}`,
};

function presentChart(chart: Chart, period: ReportPeriod) {
  const plot = chart.id === 'days_to_finalise' ? [0] : undefined;
  return {
    ...chart,
    svg: barChartGeometry(chart, plot),
    csvHref: reportingPaths.table(period, chart.id),
    rows: chart.rows.map((r) => ({
      label: r.label,
      cells: r.cells.map((c) => ({
        text: c.display ?? String(c.value),
        // An average links to the records it is the average of; a count to the records it counts.
        href: reportingPaths.records(period, c.figure, c.bucket),
        linkLabel: c.records === undefined ? `${r.label}: list the ${c.value} record${c.value === 1 ? '' : 's'}` : `${r.label}: list the ${c.records} record${c.records === 1 ? '' : 's'} averaged`,
      })),
    })),
  };
}

function periodLabel(p: ReportPeriod): string {
  return `${formatDate(`${p.from}T12:00:00Z`)} to ${formatDate(`${p.to}T12:00:00Z`)}, ${p.district ? districtNames[p.district] : 'force-wide'}`;
}

/** How a deadline was closed, in words after the time it was closed. */
const closureWords: Record<string, string> = { fulfilled: ' (the work was recorded)', done: ' (marked done, with a note)', not_applicable: ' (closed as not applicable, with a reason)' };

function presentRecord(r: FigureRecord) {
  return {
    ...r,
    href: r.reference ? paths.occurrence(r.reference) : null,
    receivedLabel: r.receivedAt ? formatDateTime(r.receivedAt) : '',
    districtLabel: r.district ? (districtNames[r.district as District] ?? r.district) : '',
    statusLabel: r.status ? (occurrenceStatusLabels[r.status as OccurrenceStatus] ?? r.status) : '',
    outcomeLabel: r.outcome ? outcomeLabel(r.outcome) : '',
    finalisedLabel: r.finalisedAt ? formatDateTime(r.finalisedAt) : '',
    openedLabel: r.openedAt ? formatDateTime(r.openedAt) : '',
    dueLabel: r.dueAt ? formatDateTime(r.dueAt) : '',
    completedLabel: r.completedAt ? `${formatDateTime(r.completedAt)}${closureWords[r.closure ?? ''] ?? ''}` : r.title ? 'Not done' : '',
    atLabel: r.at ? formatDateTime(r.at) : '',
  };
}

function recordsCsv(result: FigureRecords | ComplianceRecords): string {
  const header = ['Reference', 'Received', 'District', 'Status', 'Restricted', 'Offence', 'Outcome', 'Finalised'];
  const task = result.source === 'obligation';
  const log = result.source === 'log';
  if (task) header.push('Task', 'Requirement', 'Opened', 'Due', 'Completed', 'How closed');
  if (log) header.push('Action', 'At', 'By', 'Reason');
  const rows = result.records.map((r) => [
    r.reference,
    r.receivedAt,
    r.district ? (districtNames[r.district as District] ?? r.district) : null,
    r.status,
    r.restricted,
    r.offence,
    r.outcome ? outcomeLabel(r.outcome) : null,
    r.finalisedAt,
    ...(task ? [r.title, r.requirement, r.openedAt, r.dueAt, r.completedAt, r.closure ? closureWords[r.closure]?.replace(/^ \((.*)\)$/, '$1') ?? r.closure : null] : []),
    ...(log ? [r.action, r.at, r.actorName, r.reason] : []),
  ]);
  return toCsv(header, rows);
}

function sendCsv(reply: FastifyReply, filename: string, body: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '-')}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

const csvName = (stem: string, p: ReportPeriod) => `${stem}-${p.from}-to-${p.to}${p.district ? `-${p.district}` : ''}.csv`;

/** Query fields of a drill-down or export link (strings only). */
const linkQuery = (request: FastifyRequest) => formFields(request.query);

/** A drill-down: the records behind one figure, paged by key, with the way back and the CSV of the same list. */
function recordsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  result: FigureRecords | ComplianceRecords,
  link: { list: string; query: Record<string, string>; back: { href: string; text: string }; csvHref: string },
) {
  const base = { ...periodQuery(result.period), ...link.query };
  return reply.view(
    'reporting/records.njk',
    pageContext(request, reply, {
      title: result.title,
      result,
      records: result.records.map(presentRecord),
      periodLabel: periodLabel(result.period),
      backHref: `${link.back.href}?${qs(formValuesOf(result.period))}`,
      backText: link.back.text,
      csvHref: link.csvHref,
      nextHref: result.next ? `${link.list}?${qs({ ...base, after: result.next })}` : undefined,
      firstHref: linkQuery(request).after ? `${link.list}?${qs(base)}` : undefined,
    }),
  );
}

export async function registerManagementInformationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(paths.managementInformation(), { config: { access: 'mi.view' } }, async (request, reply) => {
    const { values, input } = periodForm(request);
    try {
      const mi = await managementInformation(deps, request.actor!, input);
      return reply.view(
        'reporting/dashboard.njk',
        pageContext(request, reply, {
          title: 'Management information',
          values: formValuesOf(mi.period),
          districtOptions,
          mi,
          periodLabel: periodLabel(mi.period),
          receivedHref: reportingPaths.records(mi.period, 'received', 'all'),
          finalisedHref: reportingPaths.records(mi.period, 'days_to_finalise', 'all'),
          dashCompletedHref: reportingPaths.records(mi.period, 'dash', 'completed'),
          dashEndorsedHref: reportingPaths.records(mi.period, 'dash', 'endorsed'),
          charts: mi.charts.map((c) => presentChart(c, mi.period)),
        }),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view('reporting/dashboard.njk', pageContext(request, reply, { title: 'Management information', values, districtOptions, charts: [], ...errorView(err.issues, anchors) }));
    }
  });

  app.get(`${paths.managementInformation()}/records`, { config: { access: 'mi.view' } }, async (request, reply) => {
    const result = await managementInformationRecords(deps, request.actor!, linkQuery(request));
    return recordsPage(request, reply, result, {
      list: `${paths.managementInformation()}/records`,
      query: { figure: result.figure, bucket: result.bucket },
      back: { href: paths.managementInformation(), text: 'Back to management information' },
      csvHref: reportingPaths.recordsCsv(result.period, result.figure, result.bucket),
    });
  });

  app.get(`${paths.managementInformation()}/records.csv`, { config: { access: 'mi.view' } }, async (request, reply) => {
    const result = await exportManagementInformationRecords(deps, request.actor!, linkQuery(request));
    return sendCsv(reply, csvName(`${result.figure}-${result.bucket}`, result.period), recordsCsv(result));
  });

  app.get<{ Params: { chart: string } }>(`${paths.managementInformation()}/tables/:chart`, { config: { access: 'mi.view' } }, async (request, reply) => {
    const { mi, chart } = await exportManagementInformationChart(deps, request.actor!, request.params.chart.slice(0, 40), linkQuery(request));
    const rows = chart.rows.map((r) => [r.label, ...r.cells.map((c) => (c.records === 0 ? null : c.value))]);
    return sendCsv(reply, csvName(chart.id, mi.period), toCsv([chart.title, ...chart.series], rows));
  });

  app.get(paths.compliance(), { config: { access: 'compliance.view' } }, async (request, reply) => {
    const { values, input } = periodForm(request);
    try {
      const report = await complianceReport(deps, request.actor!, input);
      const link = (requirement: string, measure: string, value: number | null) => (value === null ? null : { value, href: reportingPaths.complianceRecords(report.period, requirement, measure) });
      return reply.view(
        'reporting/compliance.njk',
        pageContext(request, reply, {
          title: 'Compliance report',
          values: formValuesOf(report.period),
          districtOptions,
          report,
          periodLabel: periodLabel(report.period),
          csvHref: reportingPaths.complianceCsv(report.period),
          rows: report.rows.map((r) => ({
            ...r,
            appliedLink: link(r.id, 'applied', r.applied),
            metLink: link(r.id, 'met', r.met),
            lateLink: link(r.id, 'late', r.late),
            overdueLink: link(r.id, 'overdue', r.overdue),
            openLink: link(r.id, 'open', r.open),
            reasonLink: r.kind === 'D' ? link(r.id, 'closed', r.closed) : link(r.id, 'overridden', r.overridden),
          })),
          departures: report.departures.map((d) => ({ ...d, link: link(d.id, 'overridden', d.count) })),
        }),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view('reporting/compliance.njk', pageContext(request, reply, { title: 'Compliance report', values, districtOptions, rows: [], ...errorView(err.issues, anchors) }));
    }
  });

  app.get(`${paths.compliance()}.csv`, { config: { access: 'compliance.view' } }, async (request, reply) => {
    const report = await exportComplianceReport(deps, request.actor!, linkQuery(request));
    const rows = [
      ...report.rows.map((r) => [r.id, r.kind === 'D' ? 'Deadline' : 'Guard', r.applied, r.met, r.late, r.overdue, r.open, r.kind === 'D' ? r.closed : r.overridden, r.kind === 'G' ? report.refusals : null, r.basis]),
      ...report.departures.map((d) => [d.id, 'Departure with a reason', null, null, null, null, null, d.count, null, d.what]),
    ];
    return sendCsv(
      reply,
      csvName('compliance', report.period),
      toCsv(['Requirement', 'Kind', 'Applied', 'Met (deadlines: on time)', 'Met late, or not met', 'Open and overdue', 'Open, not yet due', 'Closed or overridden with a reason', 'Refusals', 'How counted'], rows),
    );
  });

  app.get(`${paths.compliance()}/records`, { config: { access: 'compliance.view' } }, async (request, reply) => {
    const result = await complianceRecords(deps, request.actor!, linkQuery(request));
    return recordsPage(request, reply, result, {
      list: `${paths.compliance()}/records`,
      query: { requirement: result.requirement, measure: result.measure },
      back: { href: paths.compliance(), text: 'Back to the compliance report' },
      csvHref: reportingPaths.complianceRecordsCsv(result.period, result.requirement, result.measure),
    });
  });

  app.get(`${paths.compliance()}/records.csv`, { config: { access: 'compliance.view' } }, async (request, reply) => {
    const result = await exportComplianceRecords(deps, request.actor!, linkQuery(request));
    return sendCsv(reply, csvName(`compliance-${result.requirement}-${result.measure}`, result.period), recordsCsv(result));
  });
}
