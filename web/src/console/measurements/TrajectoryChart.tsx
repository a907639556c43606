import { clinicDateOf } from '../../shared/time';
import type { InstrumentMeasures, SessionMeasures } from './measurements-api';

/**
 * One instrument's scores over time as an SVG line chart: the instrument's severity bands behind, a dashed
 * line at each dose with its number, the baseline drawn as a ring. The table beside it carries the same
 * numbers for screen readers and keyboard users; the chart itself is one labelled image with a summary.
 */
const W = 720;
const H = 300;
const PAD = { left: 44, right: 132, top: 28, bottom: 36 };
const DAY = 86_400_000;

// Light tints from least to most severe; band names are written beside them, never colour alone.
const tints = ['#e3f1e6', '#eef4d9', '#fbf0cf', '#fbe0cc', '#f6d3d3'];

const shortDate = (iso: string): string => {
  const d = clinicDateOf(iso);
  return `${d.slice(5, 7)}/${d.slice(8, 10)}`;
};

export function TrajectoryChart({
  instrument,
  sessions,
  titleId,
}: {
  instrument: InstrumentMeasures;
  sessions: SessionMeasures[];
  titleId: string;
}) {
  const points = instrument.scores.filter((s): s is typeof s & { total: number } => s.total !== null);
  if (points.length === 0) return null;
  const times = [...points.map((p) => Date.parse(p.at)), ...sessions.map((s) => Date.parse(s.at))];
  const t0 = Math.min(...times) - DAY;
  const t1 = Math.max(...times) + DAY;
  const { min, max } = instrument.range;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const bandCount = instrument.bands.length;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(p.at)).toFixed(1)},${y(p.total).toFixed(1)}`);
  const ticks = Array.from({ length: 5 }, (_, i) => t0 + ((t1 - t0) * i) / 4);
  const first = points[0]!;
  const last = points.at(-1)!;
  const summary =
    `${instrument.label} from ${shortDate(first.at)} to ${shortDate(last.at)}: ${points.length} scores, ` +
    `first ${first.total}, latest ${last.total}` +
    (instrument.baseline ? `, baseline ${instrument.baseline.total}` : '') +
    `; ${sessions.length} ${sessions.length === 1 ? 'dose' : 'doses'} marked. The table below lists every score.`;
  const descId = `${titleId}-desc`;

  return (
    <figure className="trajectory">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="trajectory__svg"
        focusable="false"
      >
        <desc id={descId}>{summary}</desc>
        {instrument.bands.map((b, i) => {
          const top = y(b.max + (i === bandCount - 1 ? 0 : 0.5));
          const bottom = y(b.min - (i === 0 ? 0 : 0.5));
          return (
            <g key={b.id}>
              <rect
                x={PAD.left}
                y={top}
                width={W - PAD.left - PAD.right}
                height={bottom - top}
                fill={tints[Math.round((i * (tints.length - 1)) / Math.max(1, bandCount - 1))]}
              />
              <text x={W - PAD.right + 6} y={(top + bottom) / 2 + 4} className="trajectory__band">
                {b.label} {b.min}–{b.max}
              </text>
            </g>
          );
        })}
        {[min, Math.round((min + max) / 2), max].map((v) => (
          <text key={v} x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="trajectory__axis">
            {v}
          </text>
        ))}
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={H - 12} textAnchor="middle" className="trajectory__axis">
            {shortDate(new Date(t).toISOString())}
          </text>
        ))}
        {sessions.map((s, i) => (
          <g key={s.id}>
            <line
              x1={x(Date.parse(s.at))}
              x2={x(Date.parse(s.at))}
              y1={PAD.top - 4}
              y2={H - PAD.bottom}
              className="trajectory__session"
            />
            <text x={x(Date.parse(s.at))} y={PAD.top - 10} textAnchor="middle" className="trajectory__axis">
              {s.doseNumber ?? i + 1}
            </text>
          </g>
        ))}
        <text x={PAD.left} y={12} className="trajectory__axis">
          Doses ▾
        </text>
        <path d={path.join(' ')} className="trajectory__line" />
        {points.map((p) => (
          <circle
            key={p.id}
            cx={x(Date.parse(p.at))}
            cy={y(p.total)}
            r={p.baseline ? 7 : 4.5}
            className={p.baseline ? 'trajectory__point trajectory__point--baseline' : 'trajectory__point'}
          />
        ))}
        <text x={x(Date.parse(last.at)) + 8} y={y(last.total) - 8} className="trajectory__latest">
          {last.total}
        </text>
      </svg>
      <figcaption className="muted">
        Dashed lines: doses given (numbered). Ring: baseline (the last score before the first dose). Shaded bands:
        severity.
      </figcaption>
    </figure>
  );
}
