/**
 * Summarises a V8 `.cpuprofile` (from `--cpu-prof`): the functions with the most self time, as a share of
 * all samples and of the busy (not idle) ones.
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [N] [--loaded] [--inclusive] [--match TEXT]`
 * - `--loaded`: only the 100 ms slices in which the process was busy at least 30 % of the time (the load
 *   phases of a bench, not start-up or the pauses between phases);
 * - `--inclusive`: also the functions with the most inclusive time (self + callees), share of busy samples;
 * - `--match TEXT`: inclusive time only of frames whose name or file contains TEXT (e.g. a hook's file);
 * - `--from S`, `--to S`: only samples between S seconds after the profile began and S seconds (start-up is
 *   the first second or two); `--timeline` prints the busy share of every second, to choose them.
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
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const valued = new Set(['--match', '--from', '--to']);
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.has(args[i - 1]!)));
const [file, n = '20'] = positional;
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [N] [--loaded] [--inclusive] [--match TEXT]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const keyOf = (id: number): string => {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
};
const idle = (id: number): boolean => byId.get(id)!.callFrame.functionName === '(idle)';

const pct = (count: number, of: number): string => ((100 * count) / of).toFixed(1).padStart(5);

// Which samples count: all, or those in 100 ms slices busy ≥ 30 %.
let samples = profile.samples.map((id, i) => ({ id, slice: 0, index: i }));
{
  let t = 0;
  for (let i = 0; i < samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    samples[i]!.slice = Math.floor(t / 100_000);
  }
}
const from = Number(option('--from') ?? 0) * 10;
const to = Number(option('--to') ?? Infinity) * 10;
samples = samples.filter((s) => s.slice >= from && s.slice < to);
if (flag('--timeline')) {
  const seconds = new Map<number, { all: number; busy: number }>();
  for (const s of samples) {
    const c = seconds.get(Math.floor(s.slice / 10)) ?? { all: 0, busy: 0 };
    c.all += 1;
    if (!idle(s.id)) c.busy += 1;
    seconds.set(Math.floor(s.slice / 10), c);
  }
  for (const [second, c] of seconds) process.stdout.write(`${second}s ${pct(c.busy, c.all)} % busy\n`);
}
if (flag('--loaded')) {
  const slices = new Map<number, { all: number; busy: number }>();
  for (const s of samples) {
    const c = slices.get(s.slice) ?? { all: 0, busy: 0 };
    c.all += 1;
    if (!idle(s.id)) c.busy += 1;
    slices.set(s.slice, c);
  }
  samples = samples.filter((s) => {
    const c = slices.get(s.slice)!;
    return c.busy / c.all >= 0.3;
  });
}

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const match = option('--match');
let busy = 0;
for (const { id } of samples) {
  const key = keyOf(id);
  self.set(key, (self.get(key) ?? 0) + 1);
  if (idle(id)) continue;
  busy += 1;
  if (!flag('--inclusive') && !match) continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = keyOf(at);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
  }
}
const total = samples.length;
process.stdout.write(
  `samples: ${total}${flag('--loaded') ? ' (loaded slices)' : ''}, busy (not idle): ${((100 * busy) / total).toFixed(1)} %\n` +
    `  all %  busy %  self\n`,
);
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  process.stdout.write(`${pct(count, total)}   ${key === '(idle)' ? '   — ' : pct(count, busy)}   ${key}\n`);
if (flag('--inclusive') || match) {
  process.stdout.write(`\n busy %  inclusive${match ? ` (frames matching "${match}")` : ''}\n`);
  const rows = [...inclusive]
    .filter(([key]) => !match || key.includes(match))
    .filter(([key]) => !['(root)', '(program)'].includes(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n));
  for (const [key, count] of rows) process.stdout.write(`${pct(count, busy)}   ${key}\n`);
}
