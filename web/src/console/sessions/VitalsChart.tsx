import { formatTime } from './time';
import type { Vitals } from './session-api';

/**
 * The session's vitals over time, drawn as SVG (no chart library fits the console's strict CSP without
 * inline styles). Systolic and diastolic as lines with distinct markers and dash patterns, heart rate
 * dotted, so the chart does not rely on colour; the same numbers follow in a table for screen readers.
 */
const width = 640;
const height = 240;
const pad = { left: 44, right: 16, top: 16, bottom: 32 };

export function VitalsChart({ vitals, doseStartedAt }: { vitals: readonly Vitals[]; doseStartedAt: string | null }) {
  const points = vitals.filter((v) => v.systolicMmHg !== null || v.heartRateBpm !== null);
  if (points.length === 0) return <p>No vitals recorded yet.</p>;
  const times = points.map((v) => new Date(v.takenAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 10 * 60_000);
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const yMin = 40;
  const yMax = 200;
  const y = (v: number) => pad.top + (1 - (v - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  const series = (pick: (v: Vitals) => number | null) =>
    points
      .map((v) => [new Date(v.takenAt).getTime(), pick(v)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null);
  const path = (data: readonly (readonly [number, number])[]) =>
    data
      .map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(Math.min(yMax, Math.max(yMin, v))).toFixed(1)}`)
      .join(' ');
  const sys = series((v) => v.systolicMmHg);
  const dia = series((v) => v.diastolicMmHg);
  const hr = series((v) => v.heartRateBpm);
  const ticks = [60, 100, 140, 180];
  const start = doseStartedAt ? new Date(doseStartedAt).getTime() : null;
  return (
    <figure className="vitals-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="vitals-chart-title vitals-chart-desc">
        <title id="vitals-chart-title">Vitals during the session</title>
        <desc id="vitals-chart-desc">
          Systolic and diastolic blood pressure (mmHg) and heart rate (/min) against time; the table below lists every
          reading.
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line className="vitals-chart__grid" x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} />
            <text className="vitals-chart__label" x={pad.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {start !== null && start >= t0 && start <= t1 ? (
          <g>
            <line className="vitals-chart__dose" x1={x(start)} x2={x(start)} y1={pad.top} y2={height - pad.bottom} />
            <text className="vitals-chart__label" x={x(start) + 4} y={pad.top + 10}>
              dose
            </text>
          </g>
        ) : null}
        <path className="vitals-chart__sys" d={path(sys)} />
        <path className="vitals-chart__dia" d={path(dia)} />
        <path className="vitals-chart__hr" d={path(hr)} />
        {sys.map(([t, v]) => (
          <rect key={`s${t}`} className="vitals-chart__sys-mark" x={x(t) - 4} y={y(v) - 4} width={8} height={8} />
        ))}
        {dia.map(([t, v]) => (
          <circle key={`d${t}`} className="vitals-chart__dia-mark" cx={x(t)} cy={y(v)} r={4} />
        ))}
        <text className="vitals-chart__label" x={pad.left} y={height - 8}>
          {formatTime(new Date(t0).toISOString())}
        </text>
        <text className="vitals-chart__label" x={width - pad.right} y={height - 8} textAnchor="end">
          {formatTime(new Date(t1).toISOString())}
        </text>
      </svg>
      <figcaption className="vitals-chart__key">
        Key: squares and solid line — systolic; circles and dashed line — diastolic; dotted line — heart rate.
      </figcaption>
    </figure>
  );
}
