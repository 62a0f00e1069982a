import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes as types, type DialectKind } from './types';

/**
 * Tasks follow derived obligations (policy/obligations.ts). A task made for an obligation carries
 * its key, unique among the case's open tasks, so reconciling a case finds it again; how it was
 * closed is kept: fulfilled by an event on the case, done by hand, or not applicable with a reason.
 * A task from before obligations were derived that matches none is kept open and marked legacy.
 * The tasks themselves are recomputed once for existing databases after this migration
 * (app/obligations/backfill.ts), so none is lost.
 */
export async function obligationsMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('obligation_key', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('closure', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('legacy', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // How the obligation may be closed by hand ('done', 'not_applicable', 'never') and what fulfils it, in words.
  await db.schema.alterTable('tasks').addColumn('by_hand', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('fulfilled_by', 'text').execute();
  await db.schema.createIndex('tasks_occurrence_obligation').on('tasks').columns(['occurrence_id', 'obligation_key', 'status']).execute();
  // An obligation has one open task at a time, whatever two changes commit together.
  await db.schema
    .createIndex('tasks_open_obligation_once')
    .unique()
    .on('tasks')
    .columns(['occurrence_id', 'obligation_key'])
    .where(sql.ref('status'), '=', 'open')
    .where(sql.ref('obligation_key'), 'is not', null)
    .execute();

  // A change to a case reconciles the breach crimes of orders made on it: found by their parent.
  await db.schema.createIndex('occurrences_parent').on('occurrences').column('parent_occurrence_id').execute();

  // XC-02: a video-recorded interview assigned to an ABE-trained officer (the obligation's facts).
  const t = types(kind);
  await db.schema
    .createTable('video_interviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('witness', 'text', (c) => c.notNull())
    .addColumn('officer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', t.timestamp, (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('video_interviews_occurrence').on('video_interviews').column('occurrence_id').execute();
}
