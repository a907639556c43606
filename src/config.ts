import { isIP } from 'node:net';
import path from 'node:path';
import { projectRoot } from './paths.js';
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
  KETACLINIC_TRUST_PROXY: z
    .string()
    .trim()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must be false, a number of proxy hops (1-10; true means 1), or a comma-separated list of proxy addresses or CIDR ranges',
        });
        return z.NEVER;
      }
      return parsed;
    }),
  KETACLINIC_WEB_DIR: z.string().min(1).optional(),
  KETACLINIC_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  KETACLINIC_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // reliability (issue 18)
  KETACLINIC_JOBS: z.enum(['on', 'off']).default('on'),
  KETACLINIC_DB_RESTART_MAX_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  KETACLINIC_DISK_WARN_FREE_PERCENT: z.coerce.number().min(0).max(100).default(10),
  KETACLINIC_DISK_WARN_FREE_MB: z.coerce.number().int().min(0).default(1024),
  KETACLINIC_DISK_REFUSE_UPLOADS_FREE_MB: z.coerce.number().int().min(0).default(256),
  KETACLINIC_BACKUP_DIR: z.string().min(1).optional(),
  KETACLINIC_BACKUP_SCHEDULE: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'must be a cron expression with 5 fields, e.g. "30 2 * * *"')
    .default('30 2 * * *'),
  KETACLINIC_BACKUP_TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone, e.g. America/New_York')
    .default('UTC'),
  KETACLINIC_BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(365).default(7),
  KETACLINIC_BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
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
  // scheduling (issue 14): email over SMTP (unset: messages wait in the admin outbox), links in emails
  KETACLINIC_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  KETACLINIC_MAIL_FROM: z.string().min(3).max(320).default('ketaclinic <no-reply@ketaclinic.invalid>'),
  KETACLINIC_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+$/, 'must be the site origin, e.g. https://clinic.example.org (no path)')
    .optional(),
  // hardening (issue 9): the audit chain's HMAC key as a config secret (else a key file in the data directory)
  KETACLINIC_AUDIT_KEY: z.string().min(32, 'must be at least 32 characters (a random secret)').optional(),
});

export type LogLevel = (typeof logLevels)[number];

/**
 * Which proxies may say who the client is (X-Forwarded-For/-Proto/-Host): none (false), the nearest
 * `n` hops, or only connections from these addresses/CIDR ranges. Never every hop: the client writes
 * the leftmost entries itself (decision 013).
 */
export type TrustProxy = false | number | readonly string[];

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length || !address) return false;
  const version = isIP(address);
  if (!version) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string): TrustProxy | undefined {
  if (value === 'false' || value === '0') return false;
  // "true" used to trust every hop; it now means the usual single reverse proxy in front.
  if (value === 'true') return 1;
  if (/^\d{1,2}$/.test(value)) return Number(value) <= 10 ? Number(value) : undefined;
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return entries.length && entries.every(isAddressOrCidr) ? entries : undefined;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded cluster, its socket and the server lock live. Unset: ./data (see decision 002). */
  readonly dataDir: string | undefined;
  /** Set: use this PostgreSQL server and start nothing ("server mode"). */
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Proxies trusted for the client's address (never all hops); see TrustProxy. */
  readonly trustProxy: TrustProxy;
  /** Behind a TLS-terminating proxy (any trustProxy but false): Secure cookies and HSTS. */
  readonly behindProxy: boolean;
  readonly webDir: string;
  readonly dbPoolMax: number;
  readonly shutdownGraceMs: number;
  /** Run the job queue's workers and schedules in this server (off: it serves requests only). */
  readonly jobs: boolean;
  /** The embedded PostgreSQL is restarted with backoff up to this long between attempts. */
  readonly dbRestartMaxBackoffSeconds: number;
  /** Warn (log, console home) when the data directory's filesystem has less free than this percent or these MB, whichever is less. */
  readonly diskWarnFreePercent: number;
  readonly diskWarnFreeMb: number;
  /** Refuse new uploads when less than this is free, so PostgreSQL keeps room to work. */
  readonly diskRefuseUploadsFreeMb: number;
  /** Where scheduled backups go; unset: <data dir>/backups (embedded), none (server mode). */
  readonly backupDir: string | undefined;
  /** When scheduled backups run (cron, 5 fields) and in which time zone. */
  readonly backupSchedule: string;
  readonly backupTimeZone: string;
  /** Retention: the newest backup of each of the last N days, and of each of the last M weeks. */
  readonly backupKeepDaily: number;
  readonly backupKeepWeekly: number;
  /** A session unused this long ends (default 15 min: a workstation left unlocked in a clinic). */
  readonly sessionIdleMinutes: number;
  /** Every session ends this long after sign-in, however active (default 12 h: one clinic day). */
  readonly sessionAbsoluteHours: number;
  /** The organization the public site and its intake belong to; unset: the only one in the database. */
  readonly publicOrganizationId: string | undefined;
  /** SMTP server for email (reminders); unset: emails are kept in the outbox that admins read. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** The origin links in emails point at (default http://HOST:PORT). */
  readonly publicUrl: string;
  /** "Get started" submissions allowed per client IP per hour. */
  readonly intakeRateLimitPerHour: number;
  /** A submission sooner than this after the form was served is treated as spam (decision 005). */
  readonly intakeMinFillSeconds: number;
  /** The audit chain key as a secret shared by every app server; unset: `audit-chain.key` in the data directory. */
  readonly auditKey: string | undefined;
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
    trustProxy: e.KETACLINIC_TRUST_PROXY,
    behindProxy: e.KETACLINIC_TRUST_PROXY !== false,
    webDir: path.resolve(e.KETACLINIC_WEB_DIR ?? path.join(projectRoot, 'web', 'dist')),
    dbPoolMax: e.KETACLINIC_DB_POOL_MAX,
    shutdownGraceMs: e.KETACLINIC_SHUTDOWN_GRACE_MS,
    jobs: e.KETACLINIC_JOBS === 'on',
    dbRestartMaxBackoffSeconds: e.KETACLINIC_DB_RESTART_MAX_BACKOFF_SECONDS,
    diskWarnFreePercent: e.KETACLINIC_DISK_WARN_FREE_PERCENT,
    diskWarnFreeMb: e.KETACLINIC_DISK_WARN_FREE_MB,
    diskRefuseUploadsFreeMb: e.KETACLINIC_DISK_REFUSE_UPLOADS_FREE_MB,
    backupDir: e.KETACLINIC_BACKUP_DIR === undefined ? undefined : path.resolve(e.KETACLINIC_BACKUP_DIR),
    backupSchedule: e.KETACLINIC_BACKUP_SCHEDULE,
    backupTimeZone: e.KETACLINIC_BACKUP_TIME_ZONE,
    backupKeepDaily: e.KETACLINIC_BACKUP_KEEP_DAILY,
    backupKeepWeekly: e.KETACLINIC_BACKUP_KEEP_WEEKLY,
    sessionIdleMinutes: e.KETACLINIC_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.KETACLINIC_SESSION_ABSOLUTE_HOURS,
    publicOrganizationId: e.KETACLINIC_PUBLIC_ORGANIZATION_ID,
    intakeRateLimitPerHour: e.KETACLINIC_INTAKE_RATE_LIMIT,
    intakeMinFillSeconds: e.KETACLINIC_INTAKE_MIN_FILL_SECONDS,
    smtpUrl: e.KETACLINIC_SMTP_URL,
    mailFrom: e.KETACLINIC_MAIL_FROM,
    publicUrl: e.KETACLINIC_PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`,
    auditKey: e.KETACLINIC_AUDIT_KEY,
  };
}
