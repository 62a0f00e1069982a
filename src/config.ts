import { z } from 'zod';

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
    deadlineSweepMinutes: c.DEADLINE_SWEEP_MINUTES,
  };
}
