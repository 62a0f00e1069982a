import { isIP } from 'node:net';
import { z } from 'zod';

/** A proxy address Fastify may trust: an IP address, a CIDR range, or one of proxy-addr's named ranges. */
function isProxyAddress(v: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(v)) return true;
  const [address, prefix, extra] = v.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which reverse proxies may set X-Forwarded-For / -Proto / -Host: unset or empty trusts none (the
 * client address is the socket's); a whole number trusts that many hops in front of the server;
 * otherwise a comma-separated list of addresses or CIDR ranges.
 */
const trustProxySchema = z
  .string()
  .optional()
  .transform((v, ctx): false | number | string[] => {
    const text = (v ?? '').trim();
    if (text === '') return false;
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops > 32) {
        ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY hop count must be between 0 and 32' });
        return z.NEVER;
      }
      return hops === 0 ? false : hops;
    }
    const list = text.split(',').map((a) => a.trim()).filter((a) => a !== '');
    const bad = list.find((a) => !isProxyAddress(a));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `TRUST_PROXY must be a hop count or a comma-separated list of addresses or CIDR ranges; "${bad}" is neither` });
      return z.NEVER;
    }
    return list;
  });

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  CONDUCT_DB_FILE: z.string().min(1).default('./data/conduct.sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret that signs session cookies. Generated per start when unset (sessions then end on restart). */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** "true" when served behind TLS: cookies are then always Secure and HSTS is sent. */
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  /** "true" opens the API documentation (/api/docs) to anyone; by default it needs a signed-in user or a bearer token. */
  API_DOCS_PUBLIC: z.enum(['true', 'false'], { message: 'API_DOCS_PUBLIC must be true or false' }).default('false'),
  /** Reverse proxies whose X-Forwarded-* headers are believed (addresses, CIDRs or a hop count). Default: none. */
  TRUST_PROXY: trustProxySchema,
  /** Minutes between deadline sweeps in `conduct serve` (0: no sweep on this server). */
  DEADLINE_SWEEP_MINUTES: z.coerce.number({ message: 'DEADLINE_SWEEP_MINUTES must be a number of minutes' }).int('DEADLINE_SWEEP_MINUTES must be a whole number of minutes').min(0).max(1440).default(5),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  sessionSecret: string | undefined;
  cookieSecure: 'true' | 'false' | 'auto';
  /** The API documentation open to anyone (API_DOCS_PUBLIC=true); otherwise signed-in users and token holders only. */
  apiDocsPublic: boolean;
  /** Proxies trusted for X-Forwarded-*: false (none), a hop count, or addresses / CIDR ranges. */
  trustProxy: false | number | string[];
  /** Minutes between deadline sweeps while serving; 0 turns them off. */
  deadlineSweepMinutes?: number;
}

export class ConfigError extends Error {}

/** Parses the environment once; fails fast naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${first?.path.join('.')}: ${first?.message}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    database: c.DATABASE_URL ? { kind: 'postgres', url: c.DATABASE_URL } : { kind: 'sqlite', file: c.CONDUCT_DB_FILE },
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    cookieSecure: c.COOKIE_SECURE,
    apiDocsPublic: c.API_DOCS_PUBLIC === 'true',
    trustProxy: c.TRUST_PROXY,
    deadlineSweepMinutes: c.DEADLINE_SWEEP_MINUTES,
  };
}
