import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * Emerging threats (DI-01, DI-02): indexes for the District Intelligence Units' detection queries,
 * and the record of each threat communicated to the district senior leadership team and the SCU.
 * Additive only.
 */
export async function emergingThreatsMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  // Escalation is driven by the incidents of a recent period: a range over when they happened,
  // carrying what was done and how, so the severity is read from the index alone.
  await db.schema.createIndex('incidents_occurred').on('incidents').columns(['occurred_at', 'occurrence_id', 'act_type', 'channel']).execute();
  // Serial perpetrators, repeat victims and flag hits join an occurrence to its suspects or victims:
  // one seek on (occurrence, role) that carries the person, with no visit to the table.
  await db.schema.createIndex('parties_occurrence_role').on('parties').columns(['occurrence_id', 'role', 'person_id']).execute();
  // Serial perpetrators and repeat victims range over a year of occurrences: the window, the
  // restricted mark (ID-08) and the offence read from the index, never from the wide rows.
  await db.schema.createIndex('occurrences_received_restricted').on('occurrences').columns(['received_at', 'restricted', 'id', 'offence']).execute();
    // An order's breaches (BR-01), for the link view and the escalation of its course of conduct.
  await db.schema.createIndex('occurrences_breach_of_spo_received').on('occurrences').columns(['breach_of_spo_id', 'received_at']).execute();
  // Orders of a person (the link view, serial perpetrators' orders in force).
  await db.schema.createIndex('spo_cases_respondent').on('spo_cases').columns(['respondent_person_id', 'status']).execute();

  // DI-02: who was told (the district's senior leadership team and the SCU), when, how and what.
  await db.schema
    .createTable('threat_communications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('threat_key', 'text', (c) => c.notNull())
    .addColumn('threat_kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('occurrence_ids', t.json, (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('slt_recipient', 'text', (c) => c.notNull())
    .addColumn('scu_recipient', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('communicated_at', t.timestamp, (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('requirements', t.json, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('threat_communications_key').on('threat_communications').columns(['threat_key', 'communicated_at']).execute();
  await db.schema.createIndex('threat_communications_person').on('threat_communications').columns(['person_id', 'communicated_at']).execute();
}
