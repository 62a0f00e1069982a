import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openApp } from '../main';
import { refreshAllRetention } from '../app/retention/refresh';
import { dueReviews, type DueCursor } from '../store/repositories/retention';
import { UsageError } from './usage-error';

/**
 * `conduct retention due`: every occurrence whose MoPI review is due today or earlier, oldest
 * first, one line each (reference, review date, group, offence, district; restricted records
 * marked). An operator's list: it names no personal content. Exit 0.
 * `conduct retention refresh`: computes every occurrence's group and review date (after
 * migration 0008, or when the force changes its MoPI parameters). Exit 0.
 */
export async function retentionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'due' && sub !== 'refresh') throw new UsageError('Usage: conduct retention due [--limit N] | conduct retention refresh');
  const { values } = parseArgs({ args: rest, options: sub === 'due' ? { limit: { type: 'string' } } : {}, strict: true });
  const limitText = (values as { limit?: string }).limit;
  if (limitText !== undefined && !/^\d{1,6}$/.test(limitText)) throw new UsageError('--limit must be a whole number');
  const limit = limitText === undefined ? Infinity : Number(limitText);
  const { deps, store } = await openApp(loadConfig());
  try {
    if (sub === 'refresh') {
      const n = await refreshAllRetention(deps);
      process.stdout.write(`Retention review dates computed for ${n} occurrences\n`);
      return 0;
    }
    const today = deps.clock().toISOString().slice(0, 10);
    let after: DueCursor | undefined;
    let shown = 0;
    for (;;) {
      const page = await dueReviews(deps.store.db, { today, includeRestricted: true }, after ? { after, limit: 500 } : { limit: 500 });
      for (const r of page.rows) {
        if (shown >= limit) break;
        process.stdout.write(`${r.reference}\t${r.reviewDueOn}\tGroup ${r.group}\t${r.offence ?? 'no crime'}\t${r.district}${r.restricted ? '\trestricted' : ''}\n`);
        shown += 1;
      }
      if (!page.next || shown >= limit) break;
      after = page.next;
    }
    process.stderr.write(`${shown} retention review${shown === 1 ? '' : 's'} due on or before ${today}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
