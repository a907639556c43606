import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting comes from the environment and is validated once, at boot. A bad value stops the
 * process with a message that names the variable; nothing reads process.env after this.
 */
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  KETACLINIC_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  KETACLINIC_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  KETACLINIC_WEB_DIR: z.string().min(1).optional(),
  KETACLINIC_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  KETACLINIC_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // reliability (issue 18)
  KETACLINIC_JOBS: z.enum(['on', 'off']).default('on'),
  // identity (issue 3)
  KETACLINIC_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  KETACLINIC_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  // intake (issue 5)
  KETACLINIC_PUBLIC_ORGANIZATION_ID: z.uuid('must be an organization id (uuid)').optional(),
  KETACLINIC_INTAKE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  KETACLINIC_INTAKE_MIN_FILL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
});

export type LogLevel = (typeof logLevels)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded cluster, its socket and the server lock live. Unset: ./data (see decision 002). */
  readonly dataDir: string | undefined;
  /** Set: use this PostgreSQL server and start nothing ("server mode"). */
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  readonly trustProxy: boolean;
  readonly webDir: string;
  readonly dbPoolMax: number;
  readonly shutdownGraceMs: number;
  /** Run the job queue's workers and schedules in this server (off: it serves requests only). */
  readonly jobs: boolean;
  /** A session unused this long ends (default 15 min: a workstation left unlocked in a clinic). */
  readonly sessionIdleMinutes: number;
  /** Every session ends this long after sign-in, however active (default 12 h: one clinic day). */
  readonly sessionAbsoluteHours: number;
  /** The organization the public site and its intake belong to; unset: the only one in the database. */
  readonly publicOrganizationId: string | undefined;
  /** "Get started" submissions allowed per client IP per hour. */
  readonly intakeRateLimitPerHour: number;
  /** A submission sooner than this after the form was served is treated as spam (decision 005). */
  readonly intakeMinFillSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** The checkout: the nearest directory above this module with a package.json (src/ or the compiled dist/src/). */
export const projectRoot = ((): string => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(import.meta.dirname, '..');
  }
})();

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set" (as `VAR= command` does in a shell).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const received = env[variable];
    throw new ConfigError(
      variable,
      `${issue?.message ?? 'invalid'}${received === undefined ? '' : ` (got ${JSON.stringify(received)})`}`,
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.KETACLINIC_DATA_DIR === undefined ? undefined : path.resolve(e.KETACLINIC_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.KETACLINIC_TRUST_PROXY === 'true',
    webDir: path.resolve(e.KETACLINIC_WEB_DIR ?? path.join(projectRoot, 'web', 'dist')),
    dbPoolMax: e.KETACLINIC_DB_POOL_MAX,
    shutdownGraceMs: e.KETACLINIC_SHUTDOWN_GRACE_MS,
    jobs: e.KETACLINIC_JOBS === 'on',
    sessionIdleMinutes: e.KETACLINIC_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.KETACLINIC_SESSION_ABSOLUTE_HOURS,
    publicOrganizationId: e.KETACLINIC_PUBLIC_ORGANIZATION_ID,
    intakeRateLimitPerHour: e.KETACLINIC_INTAKE_RATE_LIMIT,
    intakeMinFillSeconds: e.KETACLINIC_INTAKE_MIN_FILL_SECONDS,
  };
}
