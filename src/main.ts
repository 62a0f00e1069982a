import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Config } from './config';
import { migrate, openStore, type Store } from './store/db';
import type { AppDeps } from './app/context';
import { seedDemo } from './app/admin/seed-demo';
import { ensureSetting } from './store/repositories/settings';
import { buildServer } from './web/server';
import { purgeExpiredIdempotencyKeys } from './api/idempotency';
import { purgeExpiredSessions } from './web/plugins/session-store';
import { scheduleDeadlineSweep } from './jobs/deadline-sweep';
import { deriveObligationsOfExistingCases, obligationsDerivedSetting } from './app/obligations/backfill';

/** Personal data never goes to server logs: bodies are not logged, and these paths are redacted. */
export const logRedactPaths = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'body', '*.password', '*.firstAccount'];

export function createLogger(level: Config['logLevel']) {
  return pino({ level, redact: { paths: logRedactPaths, censor: '[redacted]' } });
}

export async function openApp(config: Config, clock: () => Date = () => new Date()): Promise<{ deps: AppDeps; store: Store; created: boolean }> {
  const store = openStore(config.database);
  const report = await migrate(store, config.database.kind === 'sqlite' ? { sqliteFile: config.database.file } : {});
  const created = report.applied.includes('0001_foundation');
  const deps: AppDeps = { store, clock };
  // A new database starts with derived obligations; an existing one has its cases' tasks derived once.
  if (created) await ensureSetting(store.db, obligationsDerivedSetting, clock().toISOString());
  else await deriveObligationsOfExistingCases(deps);
  return { deps, store, created };
}

export interface ServeOptions {
  demo: boolean;
}

/** Composition root: config -> database (created and migrated on first start) -> server. */
export async function serve(config: Config, options: ServeOptions): Promise<void> {
  const logger = createLogger(config.logLevel);
  const { deps, store, created } = await openApp(config);
  logger.info({ database: store.describe, created }, 'database ready');
  if (created && options.demo) {
    await ensureSetting(store.db, 'demo_mode', 'true');
    const seeded = await seedDemo(deps);
    logger.info(seeded, 'demo data created');
  }
  const sessionSecret = config.sessionSecret ?? (await ensureSetting(store.db, 'session_secret', randomBytes(32).toString('hex')));
  const app = await buildServer({
    deps,
    sessionSecret,
    cookieSecure: config.cookieSecure,
    apiDocsPublic: config.apiDocsPublic,
    trustProxy: config.trustProxy,
    logger: {
      level: config.logLevel,
      redact: { paths: logRedactPaths, censor: '[redacted]' },
      serializers: {
        // Query strings can hold search words (names, addresses): log the path only.
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
    },
    production: process.env.NODE_ENV === 'production',
  });
  // Idempotency keys hold copies of responses (personal data): forget them once retries are over.
  const purgeKeys = () =>
    purgeExpiredIdempotencyKeys(deps).then(
      (n) => n && logger.info({ purged: n }, 'expired idempotency keys purged'),
      (err: unknown) => logger.error({ err }, 'purging idempotency keys failed'),
    );
  void purgeKeys();
  setInterval(() => void purgeKeys(), 60 * 60 * 1000).unref();
  // Sessions past their expiry are refused when presented; their rows are deleted here, whether presented or not.
  const purgeSessions = () =>
    purgeExpiredSessions(deps).then(
      (n) => n && logger.info({ purged: n }, 'expired sessions purged'),
      (err: unknown) => logger.error({ err }, 'purging expired sessions failed'),
    );
  void purgeSessions();
  setInterval(() => void purgeSessions(), 15 * 60 * 1000).unref();
  // Overdue tasks escalated to their supervisors, once each (safe with several servers on one database).
  const sweepMinutes = config.deadlineSweepMinutes ?? 5;
  if (sweepMinutes > 0) {
    const sweep = scheduleDeadlineSweep(deps, {
      everyMs: sweepMinutes * 60_000,
      onResult: (r) => r.escalated && logger.info({ escalated: r.escalated, overdue: r.overdue }, 'overdue tasks escalated'),
      onError: (err) => logger.error({ err }, 'deadline sweep failed'),
    });
    app.addHook('onClose', async () => sweep.stop());
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
}
