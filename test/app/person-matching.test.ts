import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../support/app';
import { searchPeople, nameSimilarity } from '../../src/app/intake/people';
import { insertPerson, surnameKey } from '../../src/store/repositories/people';
import type { UserRecord } from '../../src/store/repositories/users';

const surnames = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Hussain', 'Ali', 'Begum', 'Shah', 'Akhtar', 'Iqbal', 'Hirst', 'Sutcliffe', 'Firth', 'Crowther', 'Haigh', 'Ackroyd', 'Brook', 'Holroyd', 'Lockwood', 'Barraclough', 'Whiteley', 'Greenwood', 'Hargreaves', 'Priestley', 'Hepworth', 'Kaye', 'Ramsden', 'Schofield', 'Sykes', 'Wadsworth', 'Mitchell', 'Fletcher'];
const forenames = ['Sarah', 'Emma', 'Aisha', 'Olivia', 'Amelia', 'Jessica', 'Fatima', 'Chloe', 'Lucy', 'Hannah', 'James', 'Mohammed', 'Daniel', 'Thomas', 'Jack', 'Oliver', 'Harry', 'Adam', 'Ryan', 'Liam'];

/** A small deterministic generator, so the data set is the same every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 1));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  switch (Math.floor(r() * 4)) {
    case 0:
      return word.slice(0, i) + letters[Math.floor(r() * 26)] + word.slice(i + 1); // substitution
    case 1:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    case 2:
      return word.slice(0, i) + letters[Math.floor(r() * 26)] + word.slice(i); // insertion
    default:
      return i < word.length - 1 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + 'e'; // transposition
  }
}

describe('CS-06: person matching over 10,000 people', () => {
  let t: TestApp;
  let handler: UserRecord;
  const people: { id: string; surname: string; forenames: string; dob: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    handler = await t.user('call_handler');
    const r = prng(20261129);
    // Surnames repeat (realistic): a few hundred variants of 50 common ones, plus suffixed family names.
    for (let i = 0; i < 10_000; i++) {
      const base = surnames[Math.floor(r() * surnames.length)]!;
      const surname = r() < 0.5 ? base : `${base}${['son', 'ley', 'ton', 'er', ''][Math.floor(r() * 5)]}`;
      const day = Math.floor(r() * 365 * 70);
      const dob = new Date(Date.UTC(1940, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      people.push({ id: randomUUID(), surname, forenames: forenames[Math.floor(r() * forenames.length)]!, dob });
    }
    await t.deps.store.db.transaction().execute(async (trx) => {
      for (const p of people) {
        await insertPerson(trx, {
          id: p.id,
          surname: p.surname,
          forenames: p.forenames,
          date_of_birth: p.dob,
          address: null,
          postcode: null,
          phone: null,
          description: null,
          surname_key: surnameKey(p.surname),
          created_at: '2026-01-01T00:00:00.000Z',
          created_by: handler.id,
          version: 1,
        });
      }
    });
  }, 120_000);
  afterAll(async () => t.dispose());

  it('a one-letter typo in the surname with the right date of birth finds the person in the top 3, every time', async () => {
    const r = prng(7);
    let found = 0;
    const trials = 200;
    for (let k = 0; k < trials; k++) {
      const target = people[Math.floor(r() * people.length)]!;
      const misspelt = typo(target.surname, r);
      const results = await searchPeople(t.deps, handler, { surname: misspelt, dateOfBirth: target.dob });
      if (results.slice(0, 3).some((m) => m.person.id === target.id)) found++;
      else throw new Error(`"${misspelt}" born ${target.dob} did not find ${target.surname} in the top 3`);
    }
    expect(found).toBe(trials);
  });

  it('a sound-alike surname finds people without a date of birth', async () => {
    const results = await searchPeople(t.deps, handler, { surname: 'Smyth' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((m) => nameSimilarity('Smyth', m.person.surname!) > 0.7)).toBe(true);
  });

  it('the surname typed exactly is always a candidate, even when its sound-alike group is larger than the candidate cap', async () => {
    // 700 sound-alike "Smith"s (S530: Smyth, Smithe, Schmidt ...) recorded before the one person searched for.
    const crowd = ['Smyth', 'Smithe', 'Smithy', 'Smit', 'Schmidt', 'Smead', 'Sneath'].filter((s) => surnameKey(s) === surnameKey('Smith'));
    await t.deps.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 700; i++) {
        const surname = crowd[i % crowd.length]!;
        await insertPerson(trx, { id: randomUUID(), surname, forenames: 'Lucy', date_of_birth: null, address: null, postcode: null, phone: null, description: null, surname_key: surnameKey(surname), created_at: '2026-01-01T00:00:00.000Z', created_by: handler.id, version: 1 });
      }
      await insertPerson(trx, { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', surname: 'Smith', forenames: 'Philippa', date_of_birth: null, address: null, postcode: null, phone: null, description: null, surname_key: surnameKey('Smith'), created_at: '2026-11-29T00:00:00.000Z', created_by: handler.id, version: 1 });
    });
    const results = await searchPeople(t.deps, handler, { surname: 'smith', forenames: 'Philippa' });
    expect(results[0]?.person.id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('the person whose names were typed exactly is always a candidate, even when more people share the surname than the candidate cap', async () => {
    // 700 Browns whose forenames come before William's, recorded before him.
    const before = ['Aaron', 'Abigail', 'Adam', 'Beth', 'Callum', 'Dawn', 'Ellen'];
    await t.deps.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 700; i++) {
        await insertPerson(trx, { id: randomUUID(), surname: 'Brown', forenames: before[i % before.length]!, date_of_birth: null, address: null, postcode: null, phone: null, description: null, surname_key: surnameKey('Brown'), created_at: '2026-01-01T00:00:00.000Z', created_by: handler.id, version: 1 });
      }
      await insertPerson(trx, { id: 'eeeeeeee-eeee-4eee-beee-eeeeeeeeeeee', surname: 'Brown', forenames: 'William', date_of_birth: null, address: null, postcode: null, phone: null, description: null, surname_key: surnameKey('Brown'), created_at: '2026-11-29T00:00:00.000Z', created_by: handler.id, version: 1 });
    });
    const results = await searchPeople(t.deps, handler, { surname: 'BROWN', forenames: 'william' });
    expect(results[0]?.person.id).toBe('eeeeeeee-eeee-4eee-beee-eeeeeeeeeeee');
  });

  it('names similarity is tolerant of a slip but not of a different name', () => {
    expect(nameSimilarity('Crowther', 'Crowthar')).toBeGreaterThan(0.9);
    expect(nameSimilarity('Crowther', 'Patel')).toBeLessThan(0.6);
  });
});
