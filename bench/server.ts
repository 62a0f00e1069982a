/**
 * The server under load, in its own process so its memory can be read after the run. Built as
 * `conduct serve` builds it (buildServer, production templates), plus one bare route as the
 * baseline. Prints {"port": N} once it listens; closes on SIGTERM.
 */
import type { AddressInfo } from 'node:net';
import { openStore, type DatabaseTarget } from '../src/store/db';
import { buildServer } from '../src/web/server';

const target = JSON.parse(process.env.BENCH_DATABASE ?? 'null') as DatabaseTarget | null;
const secret = process.env.BENCH_SESSION_SECRET;
if (!target || !secret) throw new Error('BENCH_DATABASE and BENCH_SESSION_SECRET are required');

const store = openStore(target);
const app = await buildServer({
  deps: { store, clock: () => new Date() },
  sessionSecret: secret,
  logger: { level: 'warn' },
  production: true,
});
// Baseline: a route that does nothing, through the same hooks (helmet, session, access checks).
app.get('/bench/bare', { config: { access: 'public' } }, async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
