import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedCluster, SUPERUSER } from './cluster.js';
import { chooseDataDir } from './data-dir.js';
import { postgresRunAs } from './os-user.js';
import { locatePostgres } from './postgres-install.js';
import { processAlive } from './process-alive.js';
import { registerServer, registeredServers, unregisterServer } from './server-registry.js';

/**
 * Decides, for one data directory, whether this process starts PostgreSQL, attaches to one that a
 * running ketaclinic process owns, or clears one left behind by a process that is gone.
 *
 *   <dataDir>/server.json   the running `ketaclinic start` (pid, port) — a second start refuses
 *   <dataDir>/owner.json    the process that started postgres; when it is gone, postgres is an orphan
 */
export type OwnerRole = 'server' | 'cli';

interface OwnerRecord {
  readonly pid: number;
  readonly role: OwnerRole;
  readonly startedAt: string;
}

export interface ServerRecord {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly startedAt: string;
}

export class ServerAlreadyRunningError extends Error {
  constructor(dataDir: string, server: ServerRecord) {
    super(
      `ketaclinic is already running on this data directory (${dataDir}): pid ${server.pid}, http://${server.host}:${server.port}. ` +
        'Stop it first, or use another KETACLINIC_DATA_DIR. Nothing was changed.',
    );
    this.name = 'ServerAlreadyRunningError';
  }
}

export class DatabaseBusyError extends Error {
  constructor(dataDir: string, owner: OwnerRecord) {
    super(
      `a ketaclinic ${owner.role} command (pid ${owner.pid}) is using the embedded database in ${dataDir}; try again when it has finished`,
    );
    this.name = 'DatabaseBusyError';
  }
}

export const APP_DATABASE = 'ketaclinic';

export interface EmbeddedDatabase {
  readonly dataDir: string;
  readonly cluster: EmbeddedCluster;
  /** True when this process started postgres and so must stop it. */
  readonly owned: boolean;
  readonly connection: (database?: string) => pg.ClientConfig;
  /** Stops postgres if this process started it. */
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly explicitDataDir: string | undefined;
  readonly cwd: string;
  readonly role: OwnerRole;
  readonly log: (message: string) => void;
  readonly tcpPort?: number;
  readonly durable?: boolean;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const serverFile = (dataDir: string): string => path.join(dataDir, 'server.json');
const ownerFile = (dataDir: string): string => path.join(dataDir, 'owner.json');

/** The ketaclinic server running on this data directory, if any (a record whose pid is gone is stale). */
export function runningServer(dataDir: string): ServerRecord | undefined {
  const record = readJson(serverFile(dataDir)) as ServerRecord | undefined;
  return record !== undefined && record.pid !== process.pid && processAlive(record.pid) ? record : undefined;
}

export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  fs.writeFileSync(serverFile(dataDir), JSON.stringify(record), { mode: 0o600 });
  registerServer({ ...record, dataDir });
}

export function removeServerRecord(dataDir: string): void {
  const record = readJson(serverFile(dataDir)) as ServerRecord | undefined;
  if (record?.pid === process.pid) fs.rmSync(serverFile(dataDir), { force: true });
  unregisterServer(process.pid);
}

export class AmbiguousServerError extends Error {
  constructor(servers: readonly { pid: number; host: string; port: number; dataDir: string }[]) {
    super(
      `several ketaclinic servers are running (${servers
        .map((s) => `pid ${s.pid} at http://${s.host}:${s.port} on ${s.dataDir}`)
        .join('; ')}): set KETACLINIC_DATA_DIR to the one this command is for`,
    );
    this.name = 'AmbiguousServerError';
  }
}

/**
 * The data directory a CLI command uses when none is set: the default one if a server runs on it, else the
 * one running server's (found through its pointer), else the default — and it says which, and whether a
 * server uses it, so a second shell never silently loads a database nobody is looking at.
 */
function cliDataDir(defaultDir: string, log: (message: string) => void): string {
  const here = runningServer(defaultDir);
  if (here) {
    log(`using the data directory ${defaultDir} of the ketaclinic server at http://${here.host}:${here.port}`);
    return defaultDir;
  }
  const servers = registeredServers().filter((s) => runningServer(s.dataDir)?.pid === s.pid);
  if (servers.length === 1) {
    const s = servers[0]!;
    log(
      `KETACLINIC_DATA_DIR is not set: using ${s.dataDir}, the data directory of the ketaclinic server running ` +
        `at http://${s.host}:${s.port} (pid ${s.pid})`,
    );
    return s.dataDir;
  }
  if (servers.length > 1) throw new AmbiguousServerError(servers);
  log(
    `using the data directory ${defaultDir}; no ketaclinic server is running on it ` +
      '(set KETACLINIC_DATA_DIR to use another)',
  );
  return defaultDir;
}

export async function openEmbeddedDatabase(options: OpenOptions): Promise<EmbeddedDatabase> {
  const runAs = postgresRunAs({ create: true });
  const install = locatePostgres(runAs);
  const choice = chooseDataDir({ explicit: options.explicitDataDir, cwd: options.cwd, runAs });
  if (choice.note) options.log(choice.note);
  const dataDir =
    options.role === 'cli' && options.explicitDataDir === undefined ? cliDataDir(choice.dir, options.log) : choice.dir;

  if (options.role === 'server') {
    const server = runningServer(dataDir);
    if (server) throw new ServerAlreadyRunningError(dataDir, server);
  }

  const cluster = new EmbeddedCluster({
    dataDir,
    binDir: install.binDir,
    runAs,
    durable: options.durable ?? true,
    ...(options.tcpPort === undefined ? {} : { tcpPort: options.tcpPort }),
  });

  let owned = false;
  if (!cluster.isInitialised()) {
    options.log(`initialising a new PostgreSQL ${install.version} cluster in ${cluster.pgData}`);
    await cluster.initialise();
  }
  if (await cluster.isRunning()) {
    const owner = readJson(ownerFile(dataDir)) as OwnerRecord | undefined;
    const ownerAlive = owner !== undefined && owner.pid !== process.pid && processAlive(owner.pid);
    if (ownerAlive && options.role === 'server' && owner.role === 'cli') throw new DatabaseBusyError(dataDir, owner);
    if (!ownerAlive) {
      const pid = cluster.postmasterPid();
      options.log(
        `found PostgreSQL (pid ${pid ?? 'unknown'}) left running by a ketaclinic process that is gone` +
          `${owner ? ` (pid ${owner.pid})` : ''}; stopping it cleanly and starting again`,
      );
      await cluster.stop();
      await cluster.start();
      owned = true;
    }
  } else {
    await cluster.start();
    owned = true;
  }
  if (owned) {
    const record: OwnerRecord = { pid: process.pid, role: options.role, startedAt: new Date().toISOString() };
    fs.writeFileSync(ownerFile(dataDir), JSON.stringify(record), { mode: 0o600 });
  }
  await ensureDatabase(cluster);

  let closed = false;
  return {
    dataDir,
    cluster,
    owned,
    connection: (database = APP_DATABASE) => cluster.connection(database),
    async close() {
      if (closed || !owned) return;
      closed = true;
      await cluster.stop();
      fs.rmSync(ownerFile(dataDir), { force: true });
    },
  };
}

async function ensureDatabase(cluster: EmbeddedCluster): Promise<void> {
  const client = new pg.Client(cluster.connection('postgres', SUPERUSER));
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${APP_DATABASE}`);
  } finally {
    await client.end();
  }
}
