import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

import { columnTypes as types, type DialectKind } from './types';
import { intakeMigration } from './0002-intake';
import { investigationMigration } from './0004-investigation';
import { flagsMigration } from './0005-flags';
import { spoMigration } from './0006-spo';
import { spoManagementMigration } from './0007-spo-management';
import { emergingThreatsMigration } from './0009-emerging-threats';
import { intelligenceScuMigration } from './0010-intelligence-scu';
import { reliabilityMigration } from './0003-reliability';
import { retentionMigration } from './0008-retention';
import { managementInformationMigration } from './0012-management-information';
import { queryIndexesMigration } from './0013-query-indexes';
import { obligationsMigration } from './0014-obligations';
import { correctionsMigration } from './0015-corrections';
import { restrictedAccessMigration } from './0016-restricted-access';

export type { DialectKind };

type MigrationFn = (db: Kysely<any>, kind: DialectKind) => Promise<void>;

/** One ordered list of migrations; each a function of the dialect kind. Keep changes additive. */
const migrations: [name: string, up: MigrationFn][] = [
  [
    '0001_foundation',
    async (db, kind) => {
      const t = types(kind);
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('rank', 'text', (c) => c.notNull())
        .addColumn('district', 'text')
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', t.timestamp)
        .addColumn('active', t.flag, (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      // Settings the force's installation keeps: the session-signing secret when none is configured, demo mode.
      await db.schema
        .createTable('app_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('sid', 'text', (c) => c.primaryKey())
        .addColumn('data', t.json, (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('expires_at', t.timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('last_used_at', t.timestamp)
        .addColumn('revoked_at', t.timestamp)
        .execute();

      await db.schema
        .createTable('reference_sequences')
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_value', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('reference_sequences_pk', ['district', 'year'])
        .execute();

      await db.schema
        .createTable('occurrences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('reference', 'text', (c) => c.notNull().unique())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('received_at', t.timestamp, (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('call_grade', 'text', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('first_account', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('restricted', t.flag, (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', t.timestamp, (c) => c.notNull())
        .addColumn('updated_at', t.timestamp, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      // Keyset pagination: newest first, by (received_at, id), optionally within a district or status.
      await db.schema.createIndex('occurrences_received').on('occurrences').columns(['received_at', 'id']).execute();
      await db.schema
        .createIndex('occurrences_district_received')
        .on('occurrences')
        .columns(['district', 'received_at', 'id'])
        .execute();
      await db.schema
        .createIndex('occurrences_status_received')
        .on('occurrences')
        .columns(['status', 'received_at', 'id'])
        .execute();

      // Words of the first account, for search that stays indexed at a million rows on both dialects.
      await db.schema
        .createTable('occurrence_search_terms')
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
        .addColumn('received_at', t.timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('occurrence_search_terms_pk', ['term', 'occurrence_id'])
        .execute();
      await db.schema
        .createIndex('occurrence_search_terms_by_occurrence')
        .on('occurrence_search_terms')
        .column('occurrence_id')
        .execute();
      // A word's occurrences newest first: text search pages by key through this index.
      await db.schema
        .createIndex('occurrence_search_terms_by_time')
        .on('occurrence_search_terms')
        .columns(['term', 'received_at', 'occurrence_id'])
        .execute();

      // The occurrence log: append-only and hash-chained.
      // seq is assigned under the log_head row lock, so the chain has one order on every dialect.
      await db.schema
        .createTable('log_entries')
        .addColumn('seq', kind === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('at', t.timestamp, (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('occurrence_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('changes', t.json, (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('requirements', t.json, (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('log_entries_occurrence')
        .on('log_entries')
        .columns(['occurrence_id', 'kind', 'seq'])
        .execute();
      await db.schema.createIndex('log_entries_actor').on('log_entries').columns(['actor_id', 'seq']).execute();

      await db.schema
        .createTable('log_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('log_head').values({ id: 1, last_seq: 0, last_hash: GENESIS_HASH }).execute();
    },
  ],
  ['0002_intake', intakeMigration],
  ['0003_reliability', reliabilityMigration],
  ['0004_investigation', investigationMigration],
  ['0005_flags', flagsMigration],
  ['0006_spo', spoMigration],
  ['0007_spo_management', spoManagementMigration],
  ['0008_retention', retentionMigration],
  ['0009_emerging_threats', emergingThreatsMigration],
  ['0010_intelligence_scu', intelligenceScuMigration],
  ['0012_management_information', managementInformationMigration],
  ['0013_query_indexes', queryIndexesMigration],
  ['0014_obligations', obligationsMigration],
  ['0015_corrections', correctionsMigration],
  ['0016_restricted_access', restrictedAccessMigration],
];

/** The hash before the first entry of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

export function migrationProvider(kind: DialectKind): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, up] of migrations) out[name] = { up: (db) => up(db, kind) };
      return out;
    },
  };
}
