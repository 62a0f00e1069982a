import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { ValidationError, issuesFromZodError, type FieldIssue } from '../../app/errors';
import {
  communicateThreat,
  communicateThreatInput,
  communicationMethodLabels,
  communicationMethods,
  listEmergingThreats,
  personLinks,
  threatToCommunicate,
  type LinkNode,
  type PersonLinks,
  type ThreatRow,
} from '../../app/intelligence/emerging-threats';
import { districtNames, districts } from '../../domain/occurrence';
import { londonParts, londonToUtc } from '../../domain/time';
import { offenceName } from '../../policy/vocabulary';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { why } from './intake';

/** A threat row as the page shows it: links to its people and occurrences, and what was communicated. */
function presentRow(row: ThreatRow) {
  return {
    ...row,
    subjectHref: paths.threatPerson(row.subject.id),
    people: row.people.map((p) => ({ ...p, href: paths.threatPerson(p.id) })),
    occurrences: row.occurrences.map((o) => ({ ...o, href: paths.occurrence(o.reference), offenceLabel: offenceName(o.offence) })),
    communicateHref: paths.communicateThreat(row.key),
    communications: row.communications.map((c) => ({ ...c, districtLabel: districtNames[c.district as keyof typeof districtNames] ?? c.district, methodLabel: communicationMethodLabels[c.method as keyof typeof communicationMethodLabels] ?? c.method })),
  };
}

const nodeHref = (n: LinkNode) => (n.personId ? paths.threatPerson(n.personId) : n.reference ? (n.kind === 'order' ? `${paths.occurrence(n.reference)}/spo` : paths.occurrence(n.reference)) : null);

/**
 * The link view drawn as a graph: the person in the middle, directly linked records on an inner
 * ring, records two hops out on an outer ring. Server-rendered SVG; every node that opens a
 * record is a link, reachable by keyboard, and the page lists every connection in a table too.
 */
export function linkGraph(links: PersonLinks) {
  const width = 960;
  const height = 720;
  const cx = width / 2;
  const cy = height / 2;
  const rings = [0, 190, 330];
  const byHop = [0, 1, 2].map((h) => links.nodes.filter((n) => n.hop === h));
  const position = new Map<string, { x: number; y: number }>();
  byHop.forEach((nodes, hop) => {
    nodes.forEach((n, i) => {
      if (hop === 0) return position.set(n.id, { x: cx, y: cy });
      // Spread each ring evenly; the outer ring is offset by half a step so labels interleave.
      const angle = (2 * Math.PI * (i + (hop === 2 ? 0.5 : 0))) / Math.max(nodes.length, 1) - Math.PI / 2;
      position.set(n.id, { x: Math.round(cx + rings[hop]! * Math.cos(angle)), y: Math.round(cy + rings[hop]! * 0.85 * Math.sin(angle)) });
    });
  });
  const nodes = links.nodes.map((n) => ({ ...n, ...position.get(n.id)!, href: nodeHref(n), short: n.label.length > 22 ? `${n.label.slice(0, 21)}…` : n.label }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = links.edges
    .filter((e) => byId.has(e.from) && byId.has(e.to))
    .map((e) => ({ ...e, x1: byId.get(e.from)!.x, y1: byId.get(e.from)!.y, x2: byId.get(e.to)!.x, y2: byId.get(e.to)!.y }));
  const rows = links.edges
    .filter((e) => byId.has(e.from) && byId.has(e.to))
    .map((e) => {
      const from = byId.get(e.from)!;
      const to = byId.get(e.to)!;
      return { from: { label: from.label, href: from.href, kind: from.kind }, relation: e.label, to: { label: to.label, href: to.href, kind: to.kind, detail: to.detail }, hop: Math.max(from.hop, to.hop) };
    });
  return { width, height, nodes, edges, rows };
}

const kindLabels: Record<string, string> = { person: 'Person', occurrence: 'Occurrence', order: 'Stalking Protection Order', flag: 'Notify-if flag' };

export async function registerEmergingThreatRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<{ Querystring: Record<string, string> }>(paths.emergingThreats(), { config: { access: 'threats.view' } }, async (request, reply) => {
    const threats = await listEmergingThreats(deps, request.actor!, request.query?.limit ? { limit: request.query.limit } : {});
    const sections = Object.values(threats.sections).map((s) => ({ ...s, rows: s.rows.map(presentRow) }));
    return reply.view(
      'threats/list.njk',
      pageContext(request, reply, {
        title: 'Emerging threats',
        flash: takeFlash(request),
        threats,
        sections,
        why: why(['DI-01', 'DI-02', 'IO-14', 'ID-05', 'ID-08', 'BR-01', 'BR-03', 'FL-01', 'AL-05']),
      }),
    );
  });

  app.get<{ Params: { personId: string }; Querystring: Record<string, string> }>('/emerging-threats/people/:personId', { config: { access: 'threats.view' } }, async (request, reply) => {
    const links = await personLinks(deps, request.actor!, request.params.personId, request.query?.hops ? { hops: request.query.hops } : {});
    return reply.view(
      'threats/person.njk',
      pageContext(request, reply, {
        title: `Links of ${links.person.name}`,
        links,
        graph: linkGraph(links),
        kindLabels,
        communications: links.communications.map((c) => ({ ...c, districtLabel: districtNames[c.district as keyof typeof districtNames] ?? c.district, methodLabel: communicationMethodLabels[c.method as keyof typeof communicationMethodLabels] ?? c.method })),
        why: why(['DI-01', 'ID-05', 'ID-08', 'XC-03']),
      }),
    );
  });

  const renderForm = async (request: FastifyRequest, reply: FastifyReply, key: string, values: Record<string, string>, issues: FieldIssue[] = [], status = 200) => {
    const threat = await threatToCommunicate(deps, request.actor!, key);
    const now = londonParts(deps.clock());
    const defaults = { summary: threat.suggestedSummary, district: request.actor!.district ?? '', 'communicatedAt-day': String(now.day), 'communicatedAt-month': String(now.month), 'communicatedAt-year': String(now.year), 'communicatedAt-time': `${String(now.hour).padStart(2, '0')}:${String(now.minute).padStart(2, '0')}` };
    reply.code(status);
    return reply.view(
      'threats/communicate.njk',
      pageContext(request, reply, {
        title: 'Record that a threat was communicated',
        threat: { ...threat, occurrences: threat.occurrences.map((o) => ({ ...o, href: paths.occurrence(o.reference) })), personHref: threat.person ? paths.threatPerson(threat.person.id) : null },
        values: { ...defaults, ...values },
        districts: districts.map((d) => ({ value: d, text: `${districtNames[d]} district senior leadership team` })),
        methods: communicationMethods.map((m) => ({ value: m, text: communicationMethodLabels[m] })),
        ...errorView(issues, { communicatedAt: 'communicatedAt-day', district: 'district', method: 'method' }),
        why: why(['DI-02', 'XC-03']),
      }),
    );
  };

  app.get<{ Querystring: Record<string, string> }>('/emerging-threats/communicate', { config: { access: 'threats.communicate' } }, async (request, reply) =>
    renderForm(request, reply, typeof request.query?.threat === 'string' ? request.query.threat : '', {}),
  );

  app.post('/emerging-threats/communicate', { config: { access: 'threats.communicate' } }, async (request, reply) => {
    const v = formFields(request.body);
    const key = v.threatKey ?? '';
    const issues: FieldIssue[] = [];
    const d = (v['communicatedAt-day'] ?? '').trim();
    const m = (v['communicatedAt-month'] ?? '').trim();
    const y = (v['communicatedAt-year'] ?? '').trim();
    const t = /^(\d{1,2})[:.](\d{2})$/.exec((v['communicatedAt-time'] ?? '').trim());
    let communicatedAt = '';
    if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) issues.push({ field: 'communicatedAt', message: 'Enter the date it was communicated, for example 2 3 2026' });
    else if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) issues.push({ field: 'communicatedAt', message: 'Enter the time in 24-hour format, for example 14:05' });
    else {
      const at = londonToUtc(Number(y), Number(m), Number(d), Number(t[1]), Number(t[2]));
      if (!at) issues.push({ field: 'communicatedAt', message: 'Enter a real date, for example 2 3 2026' });
      else communicatedAt = at.toISOString();
    }
    const input = {
      threatKey: key,
      summary: v.summary ?? '',
      district: v.district ?? '',
      sltRecipient: v.sltRecipient ?? '',
      scuRecipient: v.scuRecipient ?? '',
      method: v.method ?? '',
      communicatedAt: communicatedAt || 'not-a-date',
      message: v.message ?? '',
    };
    // Every problem at once: the date's and any other field's.
    const parsed = communicateThreatInput.safeParse({ ...input, communicatedAt: communicatedAt || new Date(0).toISOString() });
    if (!parsed.success) issues.push(...issuesFromZodError(parsed.error));
    if (issues.some((i) => i.field === 'threatKey')) throw new ValidationError(issues.filter((i) => i.field === 'threatKey'));
    if (issues.length) return renderForm(request, reply, key, v, issues, 400);
    try {
      await communicateThreat(deps, request.actor!, input);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(request, reply, key, v, err.issues, 400);
      throw err;
    }
    request.session.flash = { heading: 'Communication recorded: the district senior leadership team and the SCU were told (DI-02)' };
    return reply.redirect(paths.emergingThreats(), 303);
  });
}
