import { sql } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

/** Column types frozen per dialect. Never change these for a released migration. */
export function columnTypes(kind: DialectKind) {
  return {
    timestamp: kind === 'postgres' ? sql`timestamptz` : sql`text`,
    json: sql`text`,
    flag: sql`integer`,
  } as const;
}
