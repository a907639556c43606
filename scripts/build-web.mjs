#!/usr/bin/env node
// Builds the web UI with Vite. With --if-stale (used by `npm start`) it builds only when a source
// file is newer than the last build, so a restart stays fast.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const stamp = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

const sources = [web, path.join(root, 'src', 'domain')].filter((d) => fs.existsSync(d));
const stale = !fs.existsSync(stamp) || Math.max(...sources.map(newest)) > fs.statSync(stamp).mtimeMs;
if (process.argv.includes('--if-stale') && !stale) process.exit(0);
await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });
process.stderr.write('ketaclinic: web UI built in web/dist\n');
