import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Notice, PageHeading } from '../../shared/kit';
import { formatDate, formatDateLong, clinicDateOf, formatDateTimeLong } from '../../shared/time';
import { portalPagesApi, type PortalProgress, type ProgressSeries } from '../portal-api';
import { Loading } from './StatusPages';

/**
 * The patient's progress: each questionnaire's scores over time as a chart with its severity bands and
 * the dates of their sessions, with a table that says the same for anyone who cannot see the chart; then
 * the aftercare of their last session and the documents the clinic shared with them.
 */
const measureWords: Record<string, string> = {
  depression: 'low mood and depression',
  anxiety: 'anxiety',
  ptsd: 'the effects of a traumatic experience',
  pain: 'pain',
};

// Light, distinct fills from least to most severe (text is never drawn on them in a colour that fails contrast).
const bandFills = ['#e6f4ea', '#f1f7d9', '#fff4ce', '#fde6cf', '#fbd9d9'];

function Chart({ series, sessions }: { series: ProgressSeries; sessions: PortalProgress['sessions'] }) {
  const width = 340;
  const height = 220;
  const pad = { left: 34, right: 10, top: 10, bottom: 28 };
  const times = series.points.map((p) => new Date(p.completedAt).getTime());
  const sessionTimes = sessions.map((s) => new Date(s.at).getTime());
  const all = [...times, ...sessionTimes];
  const from = Math.min(...all);
  const to = Math.max(...all, from + 86_400_000);
  const x = (t: number) => pad.left + ((t - from) / (to - from)) * (width - pad.left - pad.right);
  const y = (v: number) =>
    pad.top + (1 - (v - series.range.min) / (series.range.max - series.range.min)) * (height - pad.top - pad.bottom);
  const path = series.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]!)},${y(p.total)}`).join(' ');
  return (
    <svg
      className="progress-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`chart-${series.instrumentId}-title`}
    >
      <title id={`chart-${series.instrumentId}-title`}>
        {`${series.shortTitle} scores over time; the table below lists every score.`}
      </title>
      {series.bands.map((b, i) => (
        <g key={b.id}>
          <rect
            x={pad.left}
            width={width - pad.left - pad.right}
            y={y(b.max + (i === series.bands.length - 1 ? 0 : 0.5))}
            height={Math.max(0, y(b.min - (i === 0 ? 0 : 0.5)) - y(b.max + (i === series.bands.length - 1 ? 0 : 0.5)))}
            fill={bandFills[Math.min(i, bandFills.length - 1)]}
          />
          <text x={pad.left + 4} y={y((b.min + b.max) / 2) + 4} className="progress-chart__band">
            {b.label}
          </text>
        </g>
      ))}
      {[series.range.min, series.range.max].map((v) => (
        <text key={v} x={pad.left - 4} y={y(v) + 4} textAnchor="end" className="progress-chart__axis">
          {v}
        </text>
      ))}
      {sessions.map((s) => (
        <g key={s.id}>
          <line
            x1={x(new Date(s.at).getTime())}
            x2={x(new Date(s.at).getTime())}
            y1={pad.top}
            y2={height - pad.bottom}
            className="progress-chart__session"
          />
        </g>
      ))}
      <path d={path} className="progress-chart__line" fill="none" />
      {series.points.map((p, i) => (
        <circle key={p.id} cx={x(times[i]!)} cy={y(p.total)} r={4} className="progress-chart__point" />
      ))}
      <text x={pad.left} y={height - 8} className="progress-chart__axis">
        {formatDate(clinicDateOf(new Date(from)))}
      </text>
      <text x={width - pad.right} y={height - 8} textAnchor="end" className="progress-chart__axis">
        {formatDate(clinicDateOf(new Date(to)))}
      </text>
    </svg>
  );
}

function Explanation({ series }: { series: ProgressSeries }) {
  const first = series.points[0]!;
  const last = series.points.at(-1)!;
  const change = last.total - first.total;
  const direction =
    series.points.length < 2
      ? 'You have one score so far; your trend will show after the next one.'
      : change < 0
        ? `Your latest score is ${-change} ${-change === 1 ? 'point' : 'points'} lower than your first. Lower scores mean fewer symptoms.`
        : change > 0
          ? `Your latest score is ${change} ${change === 1 ? 'point' : 'points'} higher than your first. Higher scores mean more symptoms; talk to your care team about it.`
          : 'Your latest score is the same as your first.';
  return (
    <>
      <p>
        The {series.shortTitle} asks about {measureWords[series.measures] ?? series.measures} over the last two weeks.
        Scores go from {series.range.min} to {series.range.max}; lower is better. Your latest score,{' '}
        <strong>{last.total}</strong>, is in the <strong>{(last.bandLabel ?? 'unbanded').toLowerCase()}</strong> range.
      </p>
      <p>{direction}</p>
      <p className="muted">
        A score is not a diagnosis. Your care team looks at it with everything else they know about you.
      </p>
    </>
  );
}

function SeriesSection({ series, sessions }: { series: ProgressSeries; sessions: PortalProgress['sessions'] }) {
  const headingId = `series-${series.instrumentId}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{series.title}</h2>
      <Explanation series={series} />
      <figure className="progress-figure">
        <Chart series={series} sessions={sessions} />
        <figcaption>
          Coloured bands: {series.bands.map((b) => `${b.label} ${b.min}–${b.max}`).join(', ')}. Dots: your scores.
          {sessions.length ? ' Grey lines: your treatment sessions.' : ''}
        </figcaption>
      </figure>
      <div className="table-scroll">
        <table className="table">
          <caption>Your {series.shortTitle} scores</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Score</th>
              <th scope="col">Range</th>
            </tr>
          </thead>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.id}>
                <td>{formatDateLong(clinicDateOf(p.completedAt))}</td>
                <td>{p.total}</td>
                <td>{p.bandLabel ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SharedDocuments() {
  const docs = useQuery({ queryKey: ['portal-documents'], queryFn: portalPagesApi.documents });
  return (
    <section className="section" aria-labelledby="documents">
      <h2 id="documents">Documents from the clinic</h2>
      {docs.isError ? (
        <p>Your documents could not be loaded. Reload the page in a minute.</p>
      ) : !docs.data ? (
        <p aria-live="polite">Loading…</p>
      ) : docs.data.items.length === 0 ? (
        <p>The clinic has not shared any documents with you yet.</p>
      ) : (
        <ul className="plain-list">
          {docs.data.items.map((d) => (
            <li key={d.id}>
              <a href={portalPagesApi.documentUrl(d.id)} download>
                {d.title}
              </a>{' '}
              <span className="muted">
                ({d.contentType === 'application/pdf' ? 'PDF' : 'image'}, {Math.max(1, Math.round(d.sizeBytes / 1024))}{' '}
                KB, shared {formatDateLong(clinicDateOf(d.sharedAt))})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ProgressPage() {
  const progress = useQuery({ queryKey: ['portal-progress'], queryFn: portalPagesApi.progress });
  const heading = <PageHeading title="Your progress">Your progress</PageHeading>;
  if (progress.isError)
    return (
      <>
        {heading}
        <Notice kind="warning" title="Your progress could not be loaded">
          <p>Reload the page in a minute. If it keeps happening, call the clinic.</p>
        </Notice>
      </>
    );
  if (!progress.data)
    return (
      <>
        {heading}
        <Loading />
      </>
    );
  const { series, sessions, aftercare } = progress.data;
  return (
    <>
      {heading}
      <p>The questionnaires you fill in show how you are doing between sessions. Here are your scores over time.</p>
      {series.length === 0 ? <p>You have no questionnaire scores yet.</p> : null}
      {series.map((s) => (
        <SeriesSection key={s.instrumentId} series={s} sessions={sessions} />
      ))}
      <section className="section" aria-labelledby="aftercare">
        <h2 id="aftercare">After your last session</h2>
        {aftercare ? (
          <>
            <p>
              Your last session{aftercare.sessionNumber ? ` (number ${aftercare.sessionNumber})` : ''} ended on{' '}
              {formatDateTimeLong(aftercare.dischargedAt)}
              {aftercare.collectedBy ? `, and ${aftercare.collectedBy} took you home` : ''}. The instructions you were
              given:
            </p>
            <ul className="prep-list">
              {aftercare.instructions.map((line) => (
                <li key={line} className="prep-list__item">
                  {line}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>After your first session, the instructions you are given when you leave will be here.</p>
        )}
      </section>
      <SharedDocuments />
      <p>
        <Link to="/">Back to your home page</Link>
      </p>
    </>
  );
}
