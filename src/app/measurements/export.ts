import type { Readable } from 'node:stream';
import { labelOf, questionnaireContextLabels } from '../../domain/labels/index.js';
import { zoneRules, type ZoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { csvReport, pdfReport, type Column } from '../controlled-substances/report-writers.js';
import { readMeasurementView, type InstrumentView, type MeasurementView } from './measurements.js';

/**
 * A patient's measurement history as CSV (RFC 4180; cells a spreadsheet would run as a formula are prefixed
 * with ' — OWASP CSV injection) or PDF (pdfkit), for the chart, a referral or the patient. Same rules and
 * words as the measurement view; times in the clinic's zone as US clinics write them. Clinical staff only;
 * every export is audited with the patient and the format. The file name carries the MRN, never the name.
 */
const columns: readonly Column[] = [
  { header: 'Record', width: 8 },
  { header: 'Date and time', width: 10 },
  { header: 'Instrument or session', width: 10 },
  { header: 'Total', width: 5 },
  { header: 'Severity', width: 9 },
  { header: 'Change from baseline', width: 7 },
  { header: 'Change %', width: 6 },
  { header: 'Findings', width: 14 },
  { header: 'Taken', width: 7 },
  { header: 'CADSS-6', width: 6 },
  { header: 'Adverse events', width: 18 },
];

function usDateTime(zone: ZoneRules, iso: string): string {
  const local = zone.toLocal(new Date(iso));
  return `${local.date.slice(5, 7)}/${local.date.slice(8, 10)}/${local.date.slice(0, 4)} ${local.time}`;
}

type Cell = string | number | null;

function rows(view: MeasurementView, zone: ZoneRules): Cell[][] {
  const timed: { at: string; cells: Cell[] }[] = [];
  for (const instrument of view.instruments) {
    for (const s of instrument.scores) {
      timed.push({
        at: s.at,
        cells: [
          s.baseline ? 'Baseline score' : 'Score',
          usDateTime(zone, s.at),
          instrument.label,
          s.total,
          s.total === null ? 'Incomplete form' : s.severityLabel,
          s.change,
          s.percentChange === null ? null : Math.round(s.percentChange),
          s.findings.map((f) => f.label).join('; '),
          labelOf(questionnaireContextLabels, s.context),
          null,
          null,
        ],
      });
    }
  }
  for (const s of view.sessions) {
    timed.push({
      at: s.at,
      cells: [
        'Session',
        usDateTime(zone, s.at),
        s.doseNumber === null ? `${s.route} dose` : `Dose ${s.doseNumber} (${s.route})`,
        null,
        null,
        null,
        null,
        null,
        null,
        s.cadss6.length === 0 ? null : Math.max(...s.cadss6.map((c) => c.total)),
        s.adverseEvents.length === 0
          ? 'None recorded'
          : s.adverseEvents
              .map((e) => `${e.event} (${e.severity}); ${e.intervention}; outcome: ${e.outcome}`)
              .join(' | '),
      ],
    });
  }
  timed.sort((a, b) => a.at.localeCompare(b.at));
  return timed.map((t) => t.cells);
}

function summary(i: InstrumentView): string {
  const parts = [`${i.label}${i.primary ? ' (the plan’s outcome measure)' : ''}:`];
  parts.push(i.baseline ? `baseline ${i.baseline.total}` : 'no baseline before the first dose');
  if (i.latest) {
    const change = i.latest.change === null ? '' : ` (${i.latest.change > 0 ? '+' : ''}${i.latest.change} points)`;
    parts.push(`latest ${i.latest.total}${change}`);
  }
  if (i.responseRemission.applicable) {
    parts.push(i.everRemitted ? 'remission reached' : i.everResponded ? 'response reached' : 'no response yet');
  } else parts.push(i.responseRemission.label);
  parts.push(`early improvement: ${i.earlyImprovement.label}`);
  parts.push(`maintenance: ${i.maintenance.label}`);
  return parts.join('; ');
}

export async function exportMeasurements(
  patientId: string,
  format: 'csv' | 'pdf',
  ctx: AppContext,
): Promise<{ stream: Readable; fileName: string; contentType: string }> {
  const principal = requireStaffAction(ctx, 'questionnaires.read');
  requireStaffAction(ctx, 'clinical_notes.read');
  const view = await withTransaction(ctx, async (tx) => {
    const v = await readMeasurementView(tx, principal.organizationId, patientId);
    await audit(tx, {
      action: 'measurements.export',
      resourceType: 'measurements',
      resourceId: patientId,
      patientId,
      details: { format },
    });
    return v;
  });
  const zone = zoneRules(view.timeZone);
  const title = 'Measurement history';
  const dob = view.patient.dateOfBirth;
  const lines = [
    `${view.patient.name} · MRN ${view.patient.mrn} · born ${dob.slice(5, 7)}/${dob.slice(8, 10)}/${dob.slice(0, 4)} · ${view.patient.statusLabel}`,
    ...view.instruments.map(summary),
    view.maintenanceDue ? 'MAINTENANCE DUE: scores have climbed back after induction.' : '',
    view.nonResponseReview
      ? `REVIEW: no early improvement by session ${view.plan?.reviewBySession ?? 4} — review with the prescriber; do not stop automatically.`
      : '',
    `Produced ${usDateTime(zone, ctx.now.toISOString())} (clinic time, ${view.timeZone}). Change = score − baseline; negative is fewer symptoms.`,
  ].filter((l) => l !== '');
  const report = format === 'csv' ? csvReport(columns, [title, ...lines]) : await pdfReport(columns, { title, lines });
  const pump = async (): Promise<void> => {
    for (const row of rows(view, zone)) await report.write(row);
    await report.end([]);
  };
  pump().catch((error: unknown) => report.stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    stream: report.stream,
    fileName: `measurements-${view.patient.mrn.replace(/[^A-Za-z0-9-]/g, '')}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
  };
}
