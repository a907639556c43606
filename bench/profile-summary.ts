/**
 * Summarises a V8 `.cpuprofile` (from `--cpu-prof`): the functions with the most self time, as a share of
 * all samples. `npx tsx bench/profile-summary.ts FILE.cpuprofile [N]`.
 */
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
}

const [file, n = '20'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [N]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
let busy = 0;
for (const id of profile.samples) {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}` : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + 1);
  if (frame.functionName !== '(idle)') busy += 1;
}
const total = profile.samples.length;
process.stdout.write(`samples: ${total}, busy (not idle): ${((100 * busy) / total).toFixed(1)} %\n`);
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}\n`);
