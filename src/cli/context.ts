import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';

/** Helpers shared by the commands: the validated config, and a database opened for one command. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const say = (message: string): void => {
  process.stderr.write(`ketaclinic: ${message}\n`);
};

export function config(): Config {
  return loadConfig();
}

/**
 * Runs `fn` with the database: the running server's embedded cluster when one runs on this data
 * directory, else an embedded cluster started for this command and stopped after; or DATABASE_URL.
 */
export async function withDatabase<T>(
  cfg: Config,
  fn: (db: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const db = await openDatabase(cfg, {
    role: 'cli',
    log: say,
    migrate: options.migrate ?? false,
    onMigrated: (result) => {
      if (result.applied.length) say(`migrated the database from version ${result.from} to ${result.to}`);
    },
  });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
