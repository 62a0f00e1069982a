// One HTTP load run with autocannon, in its own process so it neither shares a CPU queue with
// the harness nor with the server. Reads a JSON spec (file named by argv[2]); writes one JSON
// result line to stdout. Every response's latency is kept, so p50/p95/p99 are exact.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}

async function run(seconds, record) {
  let next = 0;
  const latencies = [];
  const statuses = {};
  let errors = 0;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        setupRequest: (request) => {
          request.path = spec.paths[next++ % spec.paths.length];
          return request;
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (!record) return;
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  instance.on('reqError', () => {
    errors += 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const expected = statuses[spec.expectStatus] ?? 0;
  return {
    requests: latencies.length,
    seconds: result.duration,
    requestsPerSecond: Math.round((latencies.length / result.duration) * 10) / 10,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      mean: latencies.length ? Math.round((latencies.reduce((s, x) => s + x, 0) / latencies.length) * 100) / 100 : null,
    },
    statuses,
    unexpected: latencies.length - expected,
    errors: errors + result.timeouts,
  };
}

const warmup = spec.warmupSeconds > 0 ? await run(spec.warmupSeconds, true) : { requests: 0 };
const measured = await run(spec.seconds, true);
process.stdout.write(`${JSON.stringify({ ...measured, warmupRequests: warmup.requests })}\n`);
