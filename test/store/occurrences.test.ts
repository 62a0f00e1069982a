import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { listOccurrences, searchTerms } from '../../src/store/repositories/occurrences';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('occurrences store on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-06-01T12:00:00.000Z');
    handler = await t.user('call_handler');
    for (let i = 0; i < 30; i++) {
      await recordOccurrence(t.deps, handler, {
        receivedAt: new Date(Date.UTC(2026, 4, 1) + i * 3600_000).toISOString(),
        channel: '101',
        callGrade: 'priority',
        district: i % 2 ? 'leeds' : 'wakefield',
        location: `Street ${i}`,
        firstAccount: i === 7 ? 'He keeps loitering outside the café and watching her' : `Unwanted messages, report number ${i}`,
      });
    }
  });
  afterAll(async () => t.dispose());

  it('gives references as district code, year and a sequence that is never reused', async () => {
    const page = await listOccurrences(t.deps.store.db, { includeRestricted: true }, { limit: 100 });
    const refs = page.occurrences.map((o) => o.reference);
    expect(new Set(refs).size).toBe(30);
    const leeds = refs.filter((r) => r.startsWith('11-2026-')).sort();
    expect(leeds[0]).toBe('11-2026-000001');
    expect(leeds[leeds.length - 1]).toBe('11-2026-000015');
    expect(refs.filter((r) => r.startsWith('15-2026-')).length).toBe(15);
  });

  it('pages newest first by key without repeats or gaps', async () => {
    const seen: string[] = [];
    let after: { receivedAt: string; id: string } | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listOccurrences(t.deps.store.db, { includeRestricted: true }, after ? { limit: 7, after } : { limit: 7 });
      seen.push(...page.occurrences.map((o) => o.receivedAt));
      const last = page.occurrences[page.occurrences.length - 1];
      if (!page.next || !last) break;
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    expect(seen.length).toBe(30);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('filters by district and finds words of the first account, accents folded', async () => {
    const leeds = await listOccurrences(t.deps.store.db, { includeRestricted: true, district: 'leeds' }, { limit: 100 });
    expect(leeds.occurrences.every((o) => o.district === 'leeds')).toBe(true);
    expect(leeds.occurrences.length).toBe(15);
    const found = await listOccurrences(t.deps.store.db, { includeRestricted: true, text: 'cafe loiter' }, { limit: 100 });
    expect(found.occurrences.map((o) => o.location)).toEqual(['Street 7']);
  });

  it('stores search terms lower-cased, de-duplicated, without accents, lightly stemmed', () => {
    expect(searchTerms('Café CAFE a loitering!')).toEqual(['cafe', 'loiter']);
    expect(searchTerms('loiters loitered loitering')).toEqual(['loiter']);
  });
});
