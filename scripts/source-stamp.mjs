// The newest modification time under src/: what a compiled dist/ must have been built from.
import fs from 'node:fs';
import path from 'node:path';

export function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(full) : Math.floor(fs.statSync(full).mtimeMs));
  }
  return newest;
}

export const stampFile = (root) => path.join(root, 'dist', 'source-stamp');
