#!/usr/bin/env node
// Compiles src/ to plain JavaScript in dist/src (one file per module, same tree, no bundling), copies the
// SQL migrations and the site stylesheet beside them, and stamps the build with the newest source time.
// `bin/ketaclinic.js` runs dist when the stamp matches the sources and falls back to tsx otherwise, so a
// stale build is never run (decision 008). With --if-stale it does nothing when dist is current.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { newestSourceMs, stampFile } from './source-stamp.mjs';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const out = path.join(root, 'dist', 'src');

const newest = newestSourceMs(src);
const stamp = stampFile(root);
if (
  process.argv.includes('--if-stale') &&
  fs.existsSync(stamp) &&
  fs.readFileSync(stamp, 'utf8').trim() === String(newest)
)
  process.exit(0);

const entryPoints = [];
const assets = [];
(function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) entryPoints.push(full);
    else if (/\.(sql|css)$/.test(entry.name)) assets.push(full);
  }
})(src);

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const file of assets) {
  const target = path.join(out, path.relative(src, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
}
fs.writeFileSync(stamp, `${newest}\n`);
process.stderr.write(`ketaclinic: server compiled to dist/ (${entryPoints.length} modules)\n`);
