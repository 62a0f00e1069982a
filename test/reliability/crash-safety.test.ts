import { afterAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { testDialects } from '../support/dialects';
import { conduct, freePort, scratchDatabase, ServerProcess, type ScratchDatabase } from '../support/conduct-process';

/**
 * Crash safety: the real server, several clients sending reports with Idempotency-Keys, and
 * SIGKILL at random moments. A client that got no answer sends the same request with the same
 * key once the server is back. Afterwards every report the server acknowledged is stored exactly
 * once, none is stored twice, and the occurrence log verifies.
 */
const REQUESTS = 2000;
const CLIENTS = 8;
const KILLS = 6;

interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

/** One HTTP request on a fresh connection; rejects when the connection fails or breaks before the whole answer arrived. */
function send(url: string, token: string, key: string, payload: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/api/v1/occurrences`,
      {
        method: 'POST',
        agent: false,
        timeout: 15_000,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'idempotency-key': key,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          if (!res.complete) reject(new Error('response incomplete'));
          else resolve({ status: res.statusCode ?? 0, body, replayed: res.headers['idempotent-replayed'] === 'true' });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDialects())('crash safety on %s', (dialect) => {
  let db: ScratchDatabase | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    await db?.dispose();
  });

  it(`${REQUESTS} reports from ${CLIENTS} clients survive ${KILLS} SIGKILLs: every acknowledged report stored exactly once, the log verifies`, async () => {
    db = await scratchDatabase(dialect);
    const env = { ...db.env, SESSION_SECRET: 'crash-safety-session-secret-of-enough-length' };
    const added = await conduct(['user', 'add', '--username', 'crash.handler', '--name', 'Crash Handler', '--role', 'call_handler', '--rank', 'PC', '--unit', 'Contact', '--district', 'leeds'], env, 'a-long-enough-password\n');
    expect(added.code, added.stderr).toBe(0);
    const tokenRun = await conduct(['token', 'create', '--user', 'crash.handler'], env);
    expect(tokenRun.code, tokenRun.stderr).toBe(0);
    const token = tokenRun.stdout.trim();

    server = new ServerProcess(await freePort(), env);
    await server.start();

    const run = `${dialect}-${Date.now().toString(36)}`;
    const marker = (i: number) => `crash-marker-${run}-${String(i).padStart(5, '0')}`;
    const acknowledged = new Map<number, string>(); // request -> reference the server answered with
    let sent = 0;
    let attempts = 0;
    let failedAttempts = 0;
    let replays = 0;
    const unexpected: string[] = [];
    let next = 0;
    let serverUp = true;

    const client = async () => {
      for (;;) {
        const i = next++;
        if (i >= REQUESTS) return;
        sent += 1;
        const payload = JSON.stringify({
          receivedAt: '2026-03-01T09:30:00Z',
          channel: '101',
          callGrade: 'priority',
          district: 'leeds',
          location: 'Kirkstall Road, Leeds',
          firstAccount: `${marker(i)}: he waits outside her work every evening.`,
        });
        // Until acknowledged: the same request with the same key, however many crashes it takes.
        for (;;) {
          attempts += 1;
          try {
            const answer = await send(server!.url, token, `key-${marker(i)}`, payload);
            if (answer.status === 201) {
              acknowledged.set(i, (JSON.parse(answer.body) as { occurrence: { reference: string } }).occurrence.reference);
              if (answer.replayed) replays += 1;
              break;
            }
            unexpected.push(`${answer.status} ${answer.body.slice(0, 200)}`);
            if (answer.status < 500) break;
          } catch {
            failedAttempts += 1;
          }
          await sleep(serverUp ? 20 : 100);
        }
      }
    };

    // The killer: SIGKILL at random points spread through the run, then start the server again.
    let kills = 0;
    const killPoints = Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 0.2 + Math.random() * 0.6) * REQUESTS * 0.9) / KILLS)).sort((a, b) => a - b);
    const killer = async () => {
      for (const point of killPoints) {
        while (acknowledged.size < point) await sleep(5);
        await sleep(Math.random() * 40);
        serverUp = false;
        await server!.kill();
        kills += 1;
        await server!.start();
        serverUp = true;
      }
    };

    const started = Date.now();
    await Promise.all([...Array.from({ length: CLIENTS }, client), killer()]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    await server.kill();

    // Count what is stored, by each report's unique marker.
    const store = db.open();
    const rows = await store.db.selectFrom('occurrences').select(['reference', 'first_account']).execute();
    await store.close();
    const stored = new Map<string, string[]>();
    for (const r of rows) {
      const m = /^(crash-marker-[\w-]+-\d{5}):/.exec(r.first_account);
      if (m) stored.set(m[1]!, [...(stored.get(m[1]!) ?? []), r.reference]);
    }
    let lost = 0;
    let wrongReference = 0;
    for (const [i, reference] of acknowledged) {
      const refs = stored.get(marker(i)) ?? [];
      if (refs.length === 0) lost += 1;
      else if (refs[0] !== reference) wrongReference += 1;
    }
    const duplicates = [...stored.values()].reduce((n, refs) => n + refs.length - 1, 0);

    const verify = await conduct(['verify-log'], env);
    console.log(
      `crash safety (${dialect}): requests sent ${sent}, acknowledged ${acknowledged.size}, attempts ${attempts} (${failedAttempts} got no answer, ${replays} answered from a stored key), ` +
        `kills survived ${kills}, records lost ${lost}, duplicates ${duplicates}, in ${seconds} s; verify-log: ${verify.stdout.trim() || verify.stderr.trim()}`,
    );

    expect(unexpected).toEqual([]);
    expect(sent).toBe(REQUESTS);
    expect(kills).toBe(KILLS);
    expect(acknowledged.size).toBe(REQUESTS);
    expect(lost).toBe(0);
    expect(wrongReference).toBe(0);
    expect(duplicates).toBe(0);
    expect(stored.size).toBe(REQUESTS);
    // The kills landed while requests were in flight: some went unanswered and were sent again.
    expect(failedAttempts).toBeGreaterThan(0);
    expect(verify.code, verify.stderr).toBe(0);
  }, 180_000);
});
