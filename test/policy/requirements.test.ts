import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requirementById, requirementCatalogue } from '../../src/policy/requirements.js';

const source = fileURLToPath(new URL('../../../shared/policy/requirements.md', import.meta.url));

describe('the vendored requirement catalogue', () => {
  it('has every row of all 13 sections, with unique IDs and valid kinds', () => {
    expect(requirementCatalogue).toHaveLength(89);
    expect(new Set(requirementCatalogue.map((r) => r.id)).size).toBe(89);
    expect(new Set(requirementCatalogue.map((r) => r.area)).size).toBe(13);
    for (const r of requirementCatalogue) {
      expect(r.id).toMatch(/^[A-Z]{2}-\d{2}$/);
      expect(['R', 'W', 'D', 'G', 'P']).toContain(r.kind);
      expect(r.text.length).toBeGreaterThan(10);
    }
  });

  it('requirementById finds an entry, and nothing for an unknown ID', () => {
    expect(requirementById('AL-07')).toMatchObject({ kind: 'G', area: 'Allocation and finalisation', text: 'Words of advice are never an outcome for a stalking crime.' });
    expect(requirementById('FL-03')?.text).toMatch(/ASSUMPTION/);
    expect(requirementById('ZZ-99')).toBeUndefined();
  });

  it.skipIf(!existsSync(source))('matches shared/policy/requirements.md word for word (where the shared folder is present)', () => {
    const rows = [...readFileSync(source, 'utf8').matchAll(/^\| ([A-Z]{2}-\d{2}) \| ([RWDGP]) \| (.+) \|$/gm)].map((m) => ({ id: m[1], kind: m[2], text: m[3] }));
    expect(requirementCatalogue.map(({ id, kind, text }) => ({ id, kind, text }))).toEqual(rows);
  });
});
