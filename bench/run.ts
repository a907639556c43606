// `npm run bench`: measures what DESIGN.md budgets and prints one table. Loopback only, bounded in time
// (BENCH_SECONDS per load test, default 5).
import { benchChart } from './chart.js';
import { benchScoring } from './domain-scoring.js';
import { benchPlanning } from './domain-planning.js';
import { benchDispensingLog } from './dispensing-log.js';
import { benchHttp } from './http.js';
import { benchPublic } from './public.js';
import { benchSessions } from './sessions.js';
import { printTable, type BenchResult } from './result.js';
import { benchBookings, benchSeriesProposal } from './schedule.js';

const rows: BenchResult[] = [];
rows.push(...(await benchScoring()));
rows.push(...(await benchPlanning()));
rows.push(...benchSeriesProposal());
rows.push(...(await benchDispensingLog()));
rows.push(...(await benchHttp(benchBookings)));
rows.push(...(await benchPublic()));
rows.push(...(await benchSessions()));
rows.push(...(await benchChart()));
printTable(rows);
