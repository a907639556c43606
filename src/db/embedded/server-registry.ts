import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from './process-alive.js';

/**
 * Where a running `ketaclinic start` can be found from another shell: besides <dataDir>/server.json, the
 * server leaves a pointer (pid → data directory, address) in a per-user runtime directory, so a CLI command
 * run without KETACLINIC_DATA_DIR uses the running server's database instead of starting a second one.
 * KETACLINIC_RUNTIME_DIR moves the directory (tests keep theirs apart).
 */
export interface RegisteredServer {
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  readonly startedAt: string;
  readonly dataDir: string;
}

export function registryDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return process.env.KETACLINIC_RUNTIME_DIR ?? path.join(os.tmpdir(), `ketaclinic-${uid}`, 'servers');
}

const entry = (pid: number): string => path.join(registryDir(), `${pid}.json`);

export function registerServer(server: RegisteredServer): void {
  try {
    fs.mkdirSync(registryDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(entry(server.pid), JSON.stringify(server), { mode: 0o600 });
  } catch {
    // Only a convenience for other shells: the server runs without it.
  }
}

export function unregisterServer(pid: number): void {
  fs.rmSync(entry(pid), { force: true });
}

/** The servers still running, by their pointers (a pointer whose process is gone is removed). */
export function registeredServers(): RegisteredServer[] {
  let names: string[];
  try {
    names = fs.readdirSync(registryDir()).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: RegisteredServer[] = [];
  for (const name of names) {
    let server: RegisteredServer | undefined;
    try {
      server = JSON.parse(fs.readFileSync(path.join(registryDir(), name), 'utf8')) as RegisteredServer;
    } catch {
      server = undefined;
    }
    if (server && typeof server.pid === 'number' && server.pid !== process.pid && processAlive(server.pid)) {
      found.push(server);
    } else if (server && typeof server.pid === 'number' && !processAlive(server.pid)) {
      fs.rmSync(path.join(registryDir(), name), { force: true });
    }
  }
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
