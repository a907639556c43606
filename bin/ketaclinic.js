#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --heap-growing-percent=20
// --max-semi-space-size=4: a smaller young generation keeps the server under its 150 MB memory budget
// under load (measured with `npm run bench`) without slowing it down. --heap-growing-percent=20: the old
// generation grows by 20 % at a time instead of V8's larger steps for a small heap: ~15 MB less resident after
// load at the same CPU per request (decision 027). MALLOC_ARENA_MAX=2: the V8 and libuv threads share two malloc
// arenas instead of growing one each under load: ~7 MB less resident after the chart bench (docs/perf/hot-paths.md).
// The `ketaclinic` command. Runs the compiled dist/ when it was built from the current sources
// (`npm start` compiles it), else the TypeScript sources through tsx: never a stale build (decision 008).
// tsx is a development dependency: an installation without it (npm ci --omit=dev) runs dist/ as built.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { newestSourceMs, stampFile } from '../scripts/source-stamp.mjs';

const root = path.resolve(import.meta.dirname, '..');
let entry = path.join(root, 'dist', 'app', 'main.js');
function builtFromCurrentSources() {
  try {
    return fs.readFileSync(stampFile(root), 'utf8').trim() === String(newestSourceMs(path.join(root, 'src')));
  } catch {
    return false;
  }
}
async function tsx() {
  try {
    return await import('tsx/esm/api');
  } catch {
    return undefined;
  }
}
const dev = builtFromCurrentSources() ? undefined : await tsx();
if (dev) {
  dev.register();
  entry = path.join(root, 'src', 'cli', 'main.ts');
} else if (!fs.existsSync(entry)) {
  process.stderr.write('ketaclinic: no compiled server in dist/ and no tsx to run the sources: run `npm run build`\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// `start` keeps running until a signal; every other command ends here.
if (process.argv[2] !== 'start' || code !== 0) process.exit(code);
