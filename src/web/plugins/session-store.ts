import type { SessionStore } from '@fastify/session';
import type { AppDeps } from '../../app/context';
import { deleteExpiredSessions, deleteSession, getSession, saveSession } from '../../store/repositories/sessions';

/** Sessions live in the database, so several servers behind a load balancer share them. */
export function databaseSessionStore(deps: AppDeps, maxAgeMs: number): SessionStore {
  const db = deps.store.db;
  return {
    get(sid, callback) {
      getSession(db, sid, deps.clock().toISOString()).then(
        (data) => callback(null, (data ?? null) as never),
        (err: Error) => callback(err),
      );
    },
    set(sid, session, callback) {
      const s = session as unknown as { userId?: string; cookie?: { expires?: Date | string | null } };
      const expires = s.cookie?.expires ? new Date(s.cookie.expires) : new Date(deps.clock().getTime() + maxAgeMs);
      saveSession(db, sid, session, s.userId ?? null, expires.toISOString()).then(
        () => callback(),
        (err: Error) => callback(err),
      );
    },
    destroy(sid, callback) {
      deleteSession(db, sid).then(
        () => callback(),
        (err: Error) => callback(err),
      );
    },
  };
}

/**
 * Deletes every session past its expiry, presented again or not (an expired session is refused
 * when presented, but its row would otherwise stay for ever). `conduct serve` runs this on a schedule.
 */
export function purgeExpiredSessions(deps: AppDeps): Promise<number> {
  return deleteExpiredSessions(deps.store.db, deps.clock().toISOString());
}
