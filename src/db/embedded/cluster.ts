import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { chownTree, type RunAs } from './os-user.js';
import { logTail, runProgram, type ProgramResult } from './pg-ctl.js';
import { processAlive } from './process-alive.js';

/**
 * One PostgreSQL cluster in a data directory that ketaclinic owns:
 *   <dataDir>/pg        PGDATA
 *   <dataDir>/run       unix socket (mode 0700: the directory's permissions are the access boundary)
 *                       and postgres.log
 *   <dataDir>/superuser-password   for TCP clusters (scram); local socket connections use trust
 * The cluster is started with pg_ctl, so it outlives a process killed with SIGKILL; the supervisor
 * (supervisor.ts) decides what to do with a cluster it finds running.
 */
export interface ClusterOptions {
  readonly dataDir: string;
  readonly binDir: string;
  readonly runAs: RunAs | undefined;
  /** Listen on 127.0.0.1:<port> as well as the socket (test "server mode" clusters). */
  readonly tcpPort?: number;
  /** Test clusters trade durability for speed; the clinic's cluster never does. */
  readonly durable: boolean;
}

export const SOCKET_PORT = 5432;
export const SUPERUSER = 'postgres';

export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

export class EmbeddedCluster {
  readonly pgData: string;
  readonly socketDir: string;
  readonly logFile: string;
  private readonly passwordFile: string;

  constructor(readonly options: ClusterOptions) {
    this.pgData = path.join(options.dataDir, 'pg');
    this.socketDir = path.join(options.dataDir, 'run');
    this.logFile = path.join(this.socketDir, 'postgres.log');
    this.passwordFile = path.join(options.dataDir, 'superuser-password');
    const socketPath = path.join(this.socketDir, `.s.PGSQL.${SOCKET_PORT}`);
    if (Buffer.byteLength(socketPath) > 100) {
      throw new ClusterError(
        `the data directory path is too long for a unix socket (${socketPath}); choose a shorter KETACLINIC_DATA_DIR`,
      );
    }
  }

  isInitialised(): boolean {
    return fs.existsSync(path.join(this.pgData, 'PG_VERSION'));
  }

  superuserPassword(): string {
    return fs.readFileSync(this.passwordFile, 'utf8').trim();
  }

  async initialise(): Promise<void> {
    const { dataDir, runAs, binDir } = this.options;
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // postgres (another OS user when we are root) must traverse it to reach pg/ and run/.
    fs.chmodSync(dataDir, runAs ? 0o711 : 0o700);
    for (const dir of [this.pgData, this.socketDir]) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      chownTree(dir, runAs);
    }
    const password = crypto.randomBytes(24).toString('base64url');
    fs.writeFileSync(this.passwordFile, `${password}\n`, { mode: 0o600 });
    const pwFile = path.join(this.socketDir, `.initdb-pw-${process.pid}`);
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    chownTree(pwFile, runAs);
    try {
      const result = await runProgram(
        binDir,
        'initdb',
        [
          `--pgdata=${this.pgData}`,
          `--username=${SUPERUSER}`,
          `--pwfile=${pwFile}`,
          '--auth-local=trust',
          '--auth-host=scram-sha-256',
          '--encoding=UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--locale=C',
          ...(this.options.durable ? [] : ['--no-sync']),
        ],
        runAs,
      );
      if (result.code !== 0) {
        throw new ClusterError(
          `initdb failed in ${this.pgData} (exit ${result.code}): ${result.output || 'no output'}`,
        );
      }
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }

  /** pg_ctl status: 0 running, 3 not running, 4 no accessible data directory. */
  async isRunning(): Promise<boolean> {
    // pg_ctl status reads postmaster.pid: without the file it says "no server running" (and costs a process).
    if (!fs.existsSync(path.join(this.pgData, 'postmaster.pid'))) return false;
    const result = await runProgram(this.options.binDir, 'pg_ctl', ['status', '-D', this.pgData], this.options.runAs);
    return result.code === 0;
  }

  /** The pid recorded in postmaster.pid, if any. */
  postmasterPid(): number | undefined {
    try {
      const first = fs.readFileSync(path.join(this.pgData, 'postmaster.pid'), 'utf8').split('\n')[0];
      const pid = Number.parseInt(first ?? '', 10);
      return Number.isInteger(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    const { runAs, binDir, tcpPort, durable } = this.options;
    fs.mkdirSync(this.socketDir, { recursive: true, mode: 0o700 });
    chownTree(this.socketDir, runAs);
    const settings = [
      `-p ${SOCKET_PORT}`,
      `-c unix_socket_directories='${this.socketDir}'`,
      '-c unix_socket_permissions=0700',
      tcpPort === undefined ? "-c listen_addresses=''" : `-c listen_addresses=127.0.0.1 -c port=${tcpPort}`,
      '-c max_connections=200',
      // The cluster's files sit on a local disk and its working set in memory: an index probe costs little more
      // than a sequential read. With the default (4), an analysed small table is walked row by row where its
      // unique index finds the one row (every foreign-key check on patients did so).
      '-c random_page_cost=1.1',
      // After a crash, recovery first syncs the data directory: one syncfs() per filesystem (Linux) instead
      // of an fsync per file, so the server is back in a second rather than many (issue 18).
      ...(process.platform === 'linux' ? ['-c recovery_init_sync_method=syncfs'] : []),
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ];
    // With a TCP port the socket is named after that port too.
    const began = Date.now();
    const launched = runProgram(
      binDir,
      'pg_ctl',
      ['start', '-D', this.pgData, '-w', '-t', '60', '-l', this.logFile, '-o', settings.join(' ')],
      runAs,
    );
    // pg_ctl looks whether the server is ready ten times a second; we look every 5 ms at the same line of
    // postmaster.pid and go on as soon as it says so. pg_ctl still reports a server that fails to start.
    const result = await Promise.race([launched, this.readySince(began, launched)]);
    if (result === 'ready') {
      launched.catch(() => undefined);
      return;
    }
    if (result.code !== 0) {
      throw new ClusterError(
        `PostgreSQL did not start in ${this.pgData} (pg_ctl exit ${result.code}).\n${result.output || ''}\nserver log:\n${logTail(this.logFile)}`,
      );
    }
  }

  /**
   * Resolves 'ready' once postmaster.pid says a postmaster started since `began` (whole seconds, as the file
   * keeps it) is alive and accepting connections — what `pg_ctl start -w` waits for; never once `launched`
   * has settled. A stale file left by a crash names a dead process or an older start and is not taken.
   */
  private async readySince(began: number, launched: Promise<ProgramResult>): Promise<'ready'> {
    let settled = false;
    launched.then(
      () => (settled = true),
      () => (settled = true),
    );
    const file = path.join(this.pgData, 'postmaster.pid');
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (postmasterReady(file, Math.floor(began / 1000) - 1)) return 'ready';
    }
    return new Promise<never>(() => undefined);
  }

  async stop(): Promise<void> {
    const result = await runProgram(
      this.options.binDir,
      'pg_ctl',
      ['stop', '-D', this.pgData, '-m', 'fast', '-w', '-t', '60'],
      this.options.runAs,
    );
    if (result.code !== 0 && (await this.isRunning())) {
      throw new ClusterError(
        `PostgreSQL did not stop (pg_ctl exit ${result.code}): ${result.output || 'no output'}\nserver log:\n${logTail(this.logFile)}`,
      );
    }
  }

  /** Connection settings for a role and database: the socket, or loopback TCP with the superuser password. */
  connection(database: string, user: string = SUPERUSER): pg.ClientConfig {
    if (this.options.tcpPort !== undefined) {
      return { host: '127.0.0.1', port: this.options.tcpPort, user, database, password: this.superuserPassword() };
    }
    return { host: this.socketDir, port: SOCKET_PORT, user, database };
  }

  /** postgres://… URL for the superuser over TCP (only for TCP clusters). */
  url(database: string): string {
    if (this.options.tcpPort === undefined) throw new ClusterError('this cluster has no TCP port');
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.superuserPassword())}@127.0.0.1:${this.options.tcpPort}/${database}`;
  }
}

/** postmaster.pid's lines: pid, data directory, start time (epoch seconds), port, socket directory, listen
 * address, shared memory key, status (PostgreSQL's pidfile.h). */
export function postmasterReady(file: string, notBeforeSeconds: number): boolean {
  let lines: string[];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return false;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const startedAt = Number.parseInt(lines[2] ?? '', 10);
  return (
    lines[7]?.trim() === 'ready' && Number.isInteger(startedAt) && startedAt >= notBeforeSeconds && processAlive(pid)
  );
}
