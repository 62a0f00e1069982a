import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { defaultParameters, policyParametersSchema } from '../../src/policy/parameters';

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The "How Conduct reads the policy" table's rows: setting, requirement, interpretation, default, as text. */
function interpretationTable(html: string): { caption: string; headers: string[]; rows: Map<string, string[]> } {
  const table = /<table class="govuk-table" data-testid="interpretation-table">([\s\S]*?)<\/table>/.exec(html)?.[1];
  if (!table) throw new Error('no interpretation table');
  const cell = (s: string) => decode(s.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ')).trim();
  const caption = cell(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
  const headers = [...table.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => cell(m[1]!));
  const rows = new Map<string, string[]>();
  for (const m of table.matchAll(/<tr class="govuk-table__row">\s*<th scope="row"[^>]*>([\s\S]*?)<\/th>([\s\S]*?)<\/tr>/g)) {
    rows.set(cell(m[1]!), [...m[2]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => cell(c[1]!)));
  }
  return { caption, headers, rows };
}

describe('the Policy page: how Conduct reads the policy', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let html: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    server = await createTestServer(t);
    await t.user('administrator', { username: 'admin', district: null });
    const s = new WebSession(server);
    await s.signIn('admin');
    const res = await s.get('/policy');
    expect(res.statusCode).toBe(200);
    html = res.body;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('has an accessible table with a caption and column headers', () => {
    expect(html).toContain('<h2 class="govuk-heading-m" id="interpretations">How Conduct reads the policy</h2>');
    const table = interpretationTable(html);
    expect(table.caption).toContain('How Conduct reads the policy');
    expect(table.headers).toEqual(['Setting', 'Requirement', 'What the policy says and how it is read', 'Default']);
  });

  it('lists every force-configured setting, one row each', () => {
    expect(interpretationTable(html).rows.size).toBe(Object.keys(policyParametersSchema.shape).length);
  });

  it('shows the recording decision, the thorough rationale and others with their defaults in words', () => {
    const { rows } = interpretationTable(html);
    expect(rows.get('Recording decision')).toEqual(['ID-07, BR-01', expect.stringContaining('within 24 hours of the report'), '24 hours']);
    const thorough = rows.get('A thorough rationale for no further action');
    expect(thorough?.[0]).toBe('AL-06');
    expect(thorough?.[1]).toContain('AL-06 does not define "thorough"');
    expect(thorough?.[2]).toBe(`${defaultParameters.thoroughRationaleMinChars} characters`);
    expect(rows.get('Telling the victim (enhanced service)')?.[2]).toBe(`${defaultParameters.victimUpdateEnhancedWorkingDays} working day${defaultParameters.victimUpdateEnhancedWorkingDays === 1 ? '' : 's'}`);
    expect(rows.get('Who may finalise outside the specialist units')?.[2]).toBe(defaultParameters.al08FinalisingRanks.join(', '));
    expect(rows.get('Weekends and bank holidays are out of hours')?.[2]).toBe(defaultParameters.breachOutOfHoursWeekends ? 'Yes' : 'No');
    expect(rows.get('Retention group 1: kept until the subject’s age')?.[0]).toContain('Management of Police Information');
  });

  it('links each requirement ID to its row in the requirements tables', () => {
    expect(html).toContain('<a class="govuk-link" href="#AL-06">AL-06</a>');
    expect(html).toContain('id="AL-06"');
  });

  it('shows no internal setting names', () => {
    const body = text(html);
    for (const name of Object.keys(policyParametersSchema.shape)) expect(body, name).not.toContain(name);
  });
});
