import type pg from 'pg';
import type { Config } from '../config.js';
import { registerBackups } from './backups.js';
import { registerIdempotencyPrune } from './idempotency-keys.js';
import type { JobQueue } from './queue.js';
import { registerQuestionnaireJobs } from './questionnaires.js';
import { registerReminders } from './reminders.js';

/**
 * Every worker and cron schedule of ketaclinic, registered once when the server starts its job queue.
 * Add one line per job here (each feature keeps its handler in its own module under src/jobs/).
 */
export interface JobDeps {
  readonly config: Config;
  /** The request pool (connections run as ketaclinic_app). */
  readonly pool: pg.Pool;
  /** The embedded cluster's data directory; undefined in server mode. */
  readonly embeddedDataDir: string | undefined;
  readonly log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type JobRegistration = (queue: JobQueue, deps: JobDeps) => Promise<void>;

export const jobRegistrations: JobRegistration[] = [
  registerBackups,
  registerReminders,
  registerQuestionnaireJobs,
  registerIdempotencyPrune,
];

/** The features' registrations run side by side (each waits on its own queue's rows; no two share a queue). */
export async function registerJobs(queue: JobQueue, deps: JobDeps): Promise<void> {
  await Promise.all(jobRegistrations.map((register) => register(queue, deps)));
}
