/** The newest modification time (ms) of any file under `dir`: what a compiled dist/ must have been built from. */
export function newestSourceMs(dir: string): number;
/** Where the build records the source time it was built from. */
export function stampFile(root: string): string;
