import pg from 'pg';

/**
 * How rows are parsed, in one place, per pool and per client (never through pg's process-wide
 * registry), so the server, the CLI, the tests and the bench parse every row the same way:
 * - `date` columns stay strings (a birth date has no time zone);
 * - `int8` (counts, ids of sequences) become numbers while they are safe integers;
 * - `timestamptz` stays node-postgres's Date; `numeric` stays a string (exact decimals).
 */
const parsers = new Map<number, (value: string) => unknown>([
  [pg.types.builtins.DATE, (value) => value],
  [
    pg.types.builtins.INT8,
    (value) => {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    },
  ],
]);

type GetTypeParser = pg.CustomTypesConfig['getTypeParser'];

const getTypeParser = ((oid: Parameters<GetTypeParser>[0], format?: Parameters<GetTypeParser>[1]) => {
  const own = (format ?? 'text') === 'text' ? parsers.get(oid) : undefined;
  return own ?? (pg.types.getTypeParser(oid, format) as (value: string) => unknown);
}) as GetTypeParser;

export const pgTypes: pg.CustomTypesConfig = { getTypeParser };

/** A pool with ketaclinic's type parsers; every pool the code or the tests open comes from here. */
export function createPool(config: pg.PoolConfig): pg.Pool {
  return new pg.Pool({ ...config, types: pgTypes });
}

/** A single client with ketaclinic's type parsers (migrations, backups, the CLI). */
export function createClient(config: pg.ClientConfig): pg.Client {
  return new pg.Client({ ...config, types: pgTypes });
}
