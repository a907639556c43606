import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the checkout is: the nearest directory above this module with a package.json. The same from the
 * TypeScript sources (src/) and from the compiled server (dist/, one bundle and its chunks), so files that
 * ship with the sources (migrations, the site's stylesheet) are found under `sourceDir` from either.
 */
export const projectRoot = ((): string => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(import.meta.dirname, '..');
  }
})();

/** The TypeScript sources and the files beside them (SQL migrations, the site's stylesheet). */
export const sourceDir = path.join(projectRoot, 'src');
