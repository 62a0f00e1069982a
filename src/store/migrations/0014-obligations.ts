import type { Kysely } from 'kysely';
import type { DialectKind } from './types';

/**
 * Tasks follow derived obligations (policy/obligations.ts). A task made for an obligation carries
 * its key, unique among the case's open tasks, so reconciling a case finds it again; how it was
 * closed is kept: fulfilled by an event on the case, done by hand, or not applicable with a reason.
 * A task from before obligations were derived that matches none is kept open and marked legacy.
 * The tasks themselves are recomputed once for existing databases after this migration
 * (app/obligations/backfill.ts), so none is lost.
 */
export async function obligationsMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  void kind;
  await db.schema.alterTable('tasks').addColumn('obligation_key', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('closure', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('legacy', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('tasks_occurrence_obligation').on('tasks').columns(['occurrence_id', 'obligation_key', 'status']).execute();
}
