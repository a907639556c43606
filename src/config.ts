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
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export const projectRoot = path.resolve(import.meta.dirname, '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
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
  };
}
