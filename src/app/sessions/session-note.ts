import { formatUsDate } from '../../domain/time/local-date.js';
import { findTimeZone } from '../../db/repositories/organizations.js';
import { findPatient } from '../../db/repositories/patients.js';
import { findLocation, organizationName } from '../../db/repositories/scheduling.js';
import { questionnaireScores } from '../../db/repositories/measurements.js';
import { findPlanContent } from '../../db/repositories/treatment-sessions.js';
import type { PlanContent } from '../../domain/chart/index.js';
import { DomainError } from '../../domain/errors.js';
import {
  instrumentLabels,
  labelOf,
  maintenanceIntentLabels,
  remsItemLabels,
  remsLevelLabels,
} from '../../domain/labels/index.js';
import type { RemsLevel } from '../../domain/session/esketamine-rems.js';
import { can } from '../../domain/permissions/index.js';
import { zoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { requireStaffAction } from '../chart/access.js';
import { withTransaction, type AppContext } from '../context.js';
import { loadSessionRow, sessionView, type SessionView, type VitalsView } from './session-read.js';

/**
 * The session note as a PDF (pdfkit, vector graphics): everything the record holds — patient, plan, the
 * pre-dose gate and its overrides, the order and the vial, the infusion as the pump ran it, vitals (table
 * and chart), CADSS-6, adverse events, interventions, notes, alerts, discharge, signatures, amendments.
 * Clinical staff only; the read is audited in the same transaction. Times are the clinic's wall clock.
 */
export interface SessionNote {
  readonly pdf: Buffer;
  readonly filename: string;
}

interface NoteData {
  session: SessionView;
  plan: PlanContent | undefined;
  patient: { dateOfBirth: string; sex: string | null } | undefined;
  clinic: string;
  location: string | null;
  timeZone: string;
  /** The day's questionnaires before the dose (the gate's: since check-in, or in the portal that day), oldest first. */
  screening: { instrumentId: string; total: number | null; severityLabel: string | null; completedAt: string }[];
}

export async function sessionNotePdf(id: string, ctx: AppContext): Promise<SessionNote> {
  const principal = requireStaffAction(ctx, 'sessions.read');
  if (!can(principal, 'sessions.record') && !can(principal, 'sessions.sign')) {
    throw new DomainError('forbidden', 'The session note is for nurses and prescribers.');
  }
  const data = await withTransaction(ctx, async (tx): Promise<NoteData> => {
    const row = await loadSessionRow(tx, principal, id);
    const session = await sessionView(tx, principal, row);
    // One after another: a transaction's client runs one query at a time (pg queues the rest anyway).
    const plan = await findPlanContent(tx.db, row.planId);
    const patient = await findPatient(tx.db, row.patientId);
    const clinic = await organizationName(tx.db, row.organizationId);
    const timeZone = await findTimeZone(tx.db, row.organizationId);
    const location = row.locationId ? await findLocation(tx.db, row.organizationId, row.locationId) : undefined;
    const zone = zoneRules(timeZone ?? 'UTC');
    const doseAt = row.doseStartedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    const screening = (await questionnaireScores(tx.db, row.organizationId, [row.patientId]))
      .filter(
        (q) =>
          (q.completedAt.getTime() >= row.checkedInAt.getTime() ||
            zone.toLocal(q.completedAt).date === row.clinicDate) &&
          q.completedAt.getTime() <= doseAt,
      )
      .map((q) => ({
        instrumentId: q.instrumentId,
        total: q.total,
        severityLabel: q.severityLabel,
        completedAt: q.completedAt.toISOString(),
      }));
    await audit(tx, {
      action: 'sessions.note_pdf',
      resourceType: 'treatment_session',
      resourceId: id,
      patientId: row.patientId,
    });
    return {
      session,
      plan: plan as PlanContent | undefined,
      patient: patient && { dateOfBirth: patient.dateOfBirth, sex: patient.sex },
      clinic: clinic ?? '',
      location: location?.name ?? null,
      timeZone: timeZone ?? 'UTC',
      screening,
    };
  });
  return { pdf: await render(data), filename: `session-note-${data.session.clinicDate}-${id.slice(0, 8)}.pdf` };
}

// ---------------------------------------------------------------------------------------------------

// The standard PDF fonts set text in WinAnsi: the few signs outside it are written out.
const plain = (text: string): string =>
  text
    .replaceAll('≥', '>=')
    .replaceAll('≤', '<=')
    .replaceAll('→', '->')
    .replaceAll('−', '-')
    .replaceAll('µ', 'u')
    .replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\n]/g, '?');

const yesNo = (b: boolean | undefined | null): string => (b ? 'yes' : 'no');

/** A calendar date as the console shows it: MM/DD/YYYY. */
const usDate = formatUsDate;

const routeWords: Readonly<Record<SessionView['route'], string>> = {
  IV: 'IV infusion',
  IM: 'IM injection',
  IN: 'Esketamine nasal spray',
};

/** The IM injection sites as the order form names them (src/contracts/sessions.ts injectionSites). */
const siteLabels: Readonly<Record<string, string>> = {
  deltoid_left: 'Left deltoid',
  deltoid_right: 'Right deltoid',
  vastus_lateralis_left: 'Left vastus lateralis',
  vastus_lateralis_right: 'Right vastus lateralis',
  ventrogluteal_left: 'Left ventrogluteal',
  ventrogluteal_right: 'Right ventrogluteal',
};

const words = (code: string): string => {
  const text = code.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

const labels: Record<string, string> = {
  cadss6: 'CADSS-6',
  adverse_event: 'Adverse event',
  intervention: 'Intervention',
  note: 'Note',
  start: 'Started',
  pause: 'Paused',
  resume: 'Resumed',
  rate_change: 'Rate changed',
  stop: 'Stopped',
};

async function render(d: NoteData): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const s = d.session;
  const zone = zoneRules(d.timeZone);
  const at = (iso: string | null | undefined): string => {
    if (!iso) return '-';
    const local = zone.toLocal(new Date(iso));
    return `${usDate(local.date)} ${local.time}`;
  };
  const time = (iso: string): string => zone.toLocal(new Date(iso)).time;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 48,
    info: { Title: `Treatment session note ${s.clinicDate}`, Author: plain(d.clinic), Subject: 'Treatment session' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  const heading = (text: string) => {
    room(40);
    doc.moveDown(0.6);
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text(plain(text), left);
    doc
      .moveTo(left, doc.y + 1)
      .lineTo(left + width, doc.y + 1)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.moveDown(0.3);
  };
  const field = (label: string, value: string) => {
    room(14);
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(`${plain(label)}: `, left, doc.y, { continued: true })
      .font('Helvetica')
      .text(plain(value), { width });
  };
  const line = (text: string) => {
    room(14);
    doc.font('Helvetica').fontSize(9).text(plain(text), left, doc.y, { width });
  };
  const table = (headers: readonly string[], rows: readonly (readonly string[])[], weights: readonly number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / total) * width);
    const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const draw = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      const height = Math.max(...cells.map((c, i) => doc.heightOfString(plain(c), { width: widths[i]! - 4 }))) + 4;
      if (doc.y + height > bottom()) {
        doc.addPage();
        if (!bold) draw(headers, true);
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      }
      const top = doc.y;
      cells.forEach((c, i) => doc.text(plain(c), xs[i]! + 2, top + 2, { width: widths[i]! - 4 }));
      doc
        .moveTo(left, top + height)
        .lineTo(left + width, top + height)
        .lineWidth(0.3)
        .strokeColor('#bbbbbb')
        .stroke();
      doc.x = left;
      doc.y = top + height;
    };
    draw(headers, true);
    for (const r of rows) draw(r, false);
    doc.x = left;
  };

  // ——— Title and patient
  doc.font('Helvetica-Bold').fontSize(16).text('Treatment session note', left);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(plain(`${d.clinic}${d.location ? ` - ${d.location}` : ''}`));
  doc.moveDown(0.4);
  field('Patient', `${s.patient.name}, MRN ${s.patient.mrn}`);
  if (d.patient) field('Date of birth', `${usDate(d.patient.dateOfBirth)}${d.patient.sex ? `, ${d.patient.sex}` : ''}`);
  field('Clinic date', `${usDate(s.clinicDate)}${s.chair ? `, ${s.chair}` : ''}`);
  field('Route', `${routeWords[s.route]}${s.doseNumber ? `, dose ${s.doseNumber} of the series` : ''}`);
  field('Checked in', at(s.checkedInAt));
  field('Outcome', s.boardPhaseLabel);
  field('Times', `clinic time (${d.timeZone})`);

  // ——— Plan
  if (d.plan) {
    heading('Treatment plan');
    if (d.plan.route === 'IN') field('Dose', `esketamine ${d.plan.startMg} mg start, up to ${d.plan.maxMg} mg`);
    else {
      field(
        'Dose',
        `${d.plan.startMgPerKg} mg/kg start (${d.plan.weightBasis} weight), titration +${d.plan.titration.stepMgPerKg} mg/kg up to ${d.plan.titration.maxMgPerKg} mg/kg`,
      );
      if (d.plan.infusionMinutes) field('Infusion', `over ${d.plan.infusionMinutes} min`);
    }
    field(
      'Induction',
      `${d.plan.induction.sessions} sessions; maintenance: ${labelOf(maintenanceIntentLabels, d.plan.maintenance.intent)}`,
    );
  }

  // ——— Pre-checks and the gate
  heading('Pre-checks and pre-dose gate');
  const pre = s.prechecks;
  if (pre) {
    field('Companion', pre.companion ? `${pre.companion.name}, ${pre.companion.phone}` : 'none named');
    field('Fasting attested', yesNo(pre.fastingAttested));
    field('Pregnancy test', pre.pregnancyTest.replaceAll('_', ' '));
    field(
      'Medication changes',
      `${pre.medicationChanges.reviewed ? 'reviewed' : 'not reviewed'}${pre.medicationChanges.changes ? `: ${pre.medicationChanges.changes}` : ''}`,
    );
    field("Today's weight", pre.weightKg === null ? '-' : `${pre.weightKg} kg`);
  } else {
    line('No pre-checks recorded.');
  }
  // Today's screening as the gate read it: the outcome measure (PHQ-9 unless the plan names another) and the
  // C-SSRS screener, each with the time it was done.
  const doneToday = (id: string) => d.screening.filter((q) => q.instrumentId === id);
  const measures = [...new Set([d.plan?.outcome.instrumentId ?? 'phq9', 'phq9'])];
  for (const id of measures) {
    const results = doneToday(id);
    if (results.length === 0 && id !== measures[0]) continue;
    field(
      `${labelOf(instrumentLabels, id)} today`,
      results.length === 0
        ? 'not done'
        : results
            .map(
              (q) =>
                `score ${q.total ?? '-'}${q.severityLabel ? ` (${q.severityLabel})` : ''} at ${time(q.completedAt)}`,
            )
            .join('; '),
    );
  }
  const screeners = doneToday('cssrs_screener');
  field(
    'C-SSRS screener today',
    screeners.length === 0
      ? 'not done'
      : screeners.map((q) => `${q.severityLabel ?? 'risk level not recorded'} at ${time(q.completedAt)}`).join('; '),
  );
  if (s.gate) {
    field('Gate decision', s.gate.outcome === 'proceed' ? 'Proceed' : 'Hold');
    for (const h of s.gate.holds) line(`Hold: ${h.message}${h.overridable ? '' : ' (no override)'}`);
    for (const w of s.gate.warnings) line(`Warning: ${w}`);
  }
  // The holds a prescriber lifted: what held, who lifted it, when, why, and the repeat reading relied on.
  for (const o of s.overrides) {
    const hold = s.gate?.overridden.find((h) => h.code === o.code);
    const repeat = o.repeatVitalsId ? s.vitals.find((v) => v.id === o.repeatVitalsId) : undefined;
    line(`Hold overridden: ${hold?.message ?? words(o.code)}`);
    line(`Overridden by ${o.by} at ${at(o.at)}; reason: ${o.reason}`);
    if (repeat) {
      line(
        `Repeat reading (prescriber): ${repeat.systolicMmHg ?? '-'}/${repeat.diastolicMmHg ?? '-'} mmHg at ${time(repeat.takenAt)}`,
      );
    }
  }

  // ——— Order, vial, dose
  heading('Order and dose');
  const o = s.order;
  if (o?.esketamine) {
    field(
      'Ordered',
      `Esketamine nasal spray ${o.esketamine.doseMg} mg (${o.esketamine.devices.length} devices of 28 mg)`,
    );
    o.esketamine.devices.forEach((d, i) =>
      field(
        `Device ${i + 1}`,
        `${d.drug}, lot ${d.lotNumber}, no. ${d.vialNumber}, expires ${usDate(d.expiryDate)}${d.ledgerEntryId ? `; register entry ${d.ledgerEntryId}` : ''}`,
      ),
    );
    if (s.orderedBy) field('Ordered by', s.orderedBy);
  } else if (o) {
    field('Ordered', `${o.mgPerKg} mg/kg x ${o.dosingWeightKg} kg = ${o.doseMg} mg${o.titrated ? ' (titrated)' : ''}`);
    field('Draw up', `${o.drugVolumeMl} mL of ${o.concentrationMgPerMl} mg/mL (${o.deliveredMgIfGivenInFull} mg)`);
    if (o.vial) {
      field(
        'Vial',
        `${o.vial.drug}, lot ${o.vial.lotNumber}, vial ${o.vial.vialNumber}, expires ${usDate(o.vial.expiryDate)}, ${o.vial.strengthMgPerMl} mg/mL`,
      );
      if (o.vial.ledgerEntryId) field('Register entry', o.vial.ledgerEntryId);
      for (const w of o.vial.waste) {
        field(
          'Waste',
          `${w.volumeMl} mL at ${at(w.at)} - ${w.reason}; witnessed by ${w.witness}; register entry ${w.ledgerEntryId}`,
        );
      }
      if (s.vialRemainder) field('Left in the vial', `${s.vialRemainder.remainingMl} mL, not yet wasted`);
    }
    if (o.iv) {
      field(
        'Infusion',
        `in ${o.iv.finalVolumeMl} mL ${o.iv.diluent === 'dextrose_5' ? '5% dextrose' : '0.9% sodium chloride'} over ${o.iv.infusionMinutes} min at ${o.iv.pumpRateMlPerHour} mL/h`,
      );
    }
    if (o.im) field('Injection site', siteLabels[o.im.site] ?? words(o.im.site));
    if (s.doseOverrideReason) field('Dose limit override', s.doseOverrideReason);
    if (s.orderedBy) field('Ordered by', s.orderedBy);
  } else {
    line('No dose was ordered.');
  }
  if (s.doseStartedAt) field('Dose started', at(s.doseStartedAt));
  if (s.doseEndedAt) field('Dose ended', at(s.doseEndedAt));
  if (s.delivered && s.order?.esketamine) {
    field('Delivered', `${s.delivered.mg} mg`);
  } else if (s.delivered) {
    field(
      'Delivered',
      `${s.delivered.mg} mg (${s.delivered.mgPerKg} mg/kg)${s.delivered.volumeInfusedMl !== null ? `, ${s.delivered.volumeInfusedMl} mL infused` : ''}`,
    );
  }
  // What was drawn into the IV bag and not infused (decision 028): wasted with a witness, or on a draft
  // still to waste.
  const bagWaste = s.order?.vial?.bagWaste;
  if (bagWaste) {
    field(
      'Bag waste',
      `${bagWaste.volumeMl} mL of drug (${bagWaste.mg} mg) not infused, wasted at ${at(bagWaste.at)} - ${bagWaste.reason}; witnessed by ${bagWaste.witness}; register entries ${bagWaste.correctionEntryId} (correction of the draw), ${bagWaste.ledgerEntryId} (waste)`,
    );
  }
  if (s.bagRemainder) {
    field(
      'Left in the bag',
      `${s.bagRemainder.remainingMl} mL of drug (${s.bagRemainder.remainingMg} mg) not infused, not yet wasted`,
    );
  }
  if (s.endedReason) field('Ended without a dose', s.endedReason);

  if (s.infusion && s.infusion.events.length > 0) {
    heading('Infusion events');
    table(
      ['Time', 'Event', 'Rate (mL/h)', 'Volume (mL)', 'Reason', 'By'],
      s.infusion.events.map((e) => [
        time(e.at),
        labels[e.kind] ?? e.kind,
        e.rateMlPerHour === null ? '' : String(e.rateMlPerHour),
        e.volumeInfusedMl === null ? '' : String(e.volumeInfusedMl),
        e.reason ?? '',
        e.by,
      ]),
      [1, 1.3, 1, 1, 2.5, 1.6],
    );
  }

  // ——— Vitals
  heading('Vitals');
  if (s.vitals.length === 0) {
    line('No vitals recorded.');
  } else {
    // Before the dose: each reading the gate saw, a prescriber's repeat reading named as such; the baseline is
    // the set the dose's alerts compare against.
    const repeats = new Set(s.overrides.flatMap((o) => (o.repeatVitalsId ? [o.repeatVitalsId] : [])));
    const kind = (v: VitalsView): string => {
      if (v.kind !== 'pre_dose') return 'Observation';
      const base = v.id === s.baselineVitalsId;
      if (repeats.has(v.id)) return base ? 'Repeat (prescriber), baseline' : 'Repeat (prescriber)';
      return base ? 'Baseline' : 'Pre-dose';
    };
    table(
      ['Time', 'Kind', 'BP (mmHg)', 'HR (/min)', 'SpO2 (%)', 'RR (/min)', 'Temp (C)', 'By'],
      s.vitals.map((v) => [
        time(v.takenAt),
        kind(v),
        v.systolicMmHg !== null || v.diastolicMmHg !== null ? `${v.systolicMmHg ?? '-'}/${v.diastolicMmHg ?? '-'}` : '',
        v.heartRateBpm === null ? '' : String(v.heartRateBpm),
        v.spo2Percent === null ? '' : `${v.spo2Percent}${v.onRoomAir ? '' : ' (O2)'}`,
        v.respiratoryRatePerMin === null ? '' : String(v.respiratoryRatePerMin),
        v.temperatureC === null ? '' : String(v.temperatureC),
        v.recordedBy ?? '',
      ]),
      [0.9, 2.6, 1.1, 0.9, 0.9, 0.9, 0.9, 1.8],
    );
    chart(doc, s.vitals, s.doseStartedAt, { left, width, room, time });
  }

  // ——— Alerts
  if (s.alerts.length > 0) {
    heading('Alerts');
    for (const a of s.alerts) {
      line(
        `${time(a.raisedAt)} ${a.level.toUpperCase()}: ${a.message} (${a.threshold}; ${a.source})${a.acknowledgedAt ? ` - acknowledged by ${a.acknowledgedBy ?? ''} at ${time(a.acknowledgedAt)}: ${a.acknowledgement ?? ''}` : ' - not acknowledged'}`,
      );
    }
  }

  // ——— Observation entries
  const entries = (kind: string) => s.entries.filter((e) => e.kind === kind);
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const cadss = entries('cadss6');
  if (cadss.length > 0) {
    heading('CADSS-6 (dissociation)');
    for (const e of cadss) {
      const answers = (e.content.answers ?? {}) as Record<string, unknown>;
      line(
        `${time(e.at)} CADSS-6 total ${text(e.content.total)} (items ${Object.values(answers).map(text).join(', ')}) - ${e.by}`,
      );
    }
  }
  const adverse = entries('adverse_event');
  if (adverse.length > 0) {
    heading('Adverse events');
    table(
      ['Time', 'Event', 'Severity', 'Intervention', 'Outcome', 'By'],
      adverse.map((e) => [
        time(e.at),
        text(e.content.event).replaceAll('_', ' '),
        text(e.content.severity),
        text(e.content.intervention),
        text(e.content.outcome),
        e.by,
      ]),
      [0.8, 1.4, 0.9, 2, 2, 1.3],
    );
  }
  const interventions = entries('intervention');
  if (interventions.length > 0) {
    heading('Interventions');
    for (const e of interventions)
      line(`${time(e.at)} ${text(e.content.intervention).replaceAll('_', ' ')}: ${text(e.content.detail)} - ${e.by}`);
  }
  const notes = entries('note');
  if (notes.length > 0) {
    heading('Notes');
    for (const e of notes) line(`${time(e.at)} ${text(e.content.text)} - ${e.by}`);
  }

  // ——— Esketamine REMS checklist (as it stood at discharge, or now)
  const remsEntries = s.entries.filter((e) => e.kind === 'sedation' || e.kind === 'dissociation');
  for (const e of remsEntries)
    line(
      `${time(e.at)} ${e.kind === 'sedation' ? 'Sedation' : 'Dissociation'} assessed: ${remsLevelLabels[e.content.level as RemsLevel] ?? text(e.content.level)} - ${e.by}`,
    );
  if (s.rems) {
    heading('Esketamine REMS checklist');
    if (s.rems.observationEndsAt) field('2-hour observation ends', at(s.rems.observationEndsAt));
    for (const c of s.rems.checks)
      line(`${remsItemLabels[c.item]}${c.dueAt ? ` (due ${time(c.dueAt)})` : ''}: ${c.done ? 'done' : 'missing'}`);
    for (const m of s.rems.missing) line(`Missing: ${m.message}`);
  }

  // ——— Discharge, signatures, amendments
  heading('Discharge');
  if (s.discharge) {
    field('Discharged', at(s.dischargedAt));
    field('Collected by', s.discharge.collectedBy);
    field(
      'Mental status at baseline',
      `speech ${yesNo(s.discharge.speechAtBaseline)}, awareness ${yesNo(s.discharge.awarenessAtBaseline)}, purposeful movement ${yesNo(s.discharge.purposefulMovement)}`,
    );
    field('Responsible adult present', yesNo(s.discharge.companionPresent));
    field('Aftercare instructions given', yesNo(s.discharge.aftercareGiven));
  } else {
    line('Not discharged.');
  }
  heading('Signatures');
  field('Nurse', s.nurseSignature ? `signed by ${s.nurseSignature.by} at ${at(s.nurseSignature.at)}` : 'not signed');
  field(
    'Prescriber',
    s.prescriberSignature
      ? `co-signed by ${s.prescriberSignature.by} at ${at(s.prescriberSignature.at)}`
      : 'not co-signed',
  );
  if (s.amendments.length > 0) {
    heading('Amendments');
    for (const a of s.amendments) line(`${at(a.at)} by ${a.by} - ${a.reason}: ${a.text}`);
  }
  doc.end();
  return done;
}

/** The vitals as a line chart drawn in vectors: blood pressure, heart rate and SpO2 over the session. */
function chart(
  doc: PDFKit.PDFDocument,
  vitals: readonly VitalsView[],
  doseStartedAt: string | null,
  box: { left: number; width: number; room: (h: number) => void; time: (iso: string) => string },
): void {
  const height = 170;
  box.room(height + 50);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000').text('Vitals chart', box.left);
  const top = doc.y + 6;
  const plotLeft = box.left + 30;
  const plotWidth = box.width - 40;
  const times = vitals.map((v) => new Date(v.takenAt).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 60_000);
  const lo = 40;
  const hi = 200;
  const x = (t: number) => plotLeft + ((t - t0) / (t1 - t0)) * plotWidth;
  const y = (v: number) => top + height - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * height;
  // Grid and axis labels.
  doc.lineWidth(0.3).strokeColor('#cccccc');
  doc.font('Helvetica').fontSize(7).fillColor('#444444');
  for (let v = lo; v <= hi; v += 40) {
    doc
      .moveTo(plotLeft, y(v))
      .lineTo(plotLeft + plotWidth, y(v))
      .stroke();
    doc.text(String(v), box.left, y(v) - 3, { width: 26, align: 'right' });
  }
  doc.rect(plotLeft, top, plotWidth, height).lineWidth(0.5).strokeColor('#888888').stroke();
  doc.text(box.time(new Date(t0).toISOString()), plotLeft - 10, top + height + 3, { lineBreak: false });
  doc.text(box.time(new Date(t1).toISOString()), plotLeft + plotWidth - 20, top + height + 3, { lineBreak: false });
  if (doseStartedAt) {
    const d = new Date(doseStartedAt).getTime();
    if (d >= t0 && d <= t1) {
      doc
        .moveTo(x(d), top)
        .lineTo(x(d), top + height)
        .dash(2, { space: 2 })
        .strokeColor('#666666')
        .stroke()
        .undash();
      doc.text('dose', x(d) + 2, top + 2, { lineBreak: false });
    }
  }
  const series: [string, string, (v: VitalsView) => number | null][] = [
    ['Systolic', '#c0392b', (v) => v.systolicMmHg],
    ['Diastolic', '#e67e22', (v) => v.diastolicMmHg],
    ['Heart rate', '#2c6fbb', (v) => v.heartRateBpm],
    ['SpO2', '#27ae60', (v) => v.spo2Percent],
  ];
  series.forEach(([name, color, pick], i) => {
    const points = vitals.flatMap((v) => {
      const value = pick(v);
      return value === null ? [] : [[x(new Date(v.takenAt).getTime()), y(value)] as const];
    });
    doc.lineWidth(1.2).strokeColor(color).fillColor(color);
    points.forEach(([px, py], n) => (n === 0 ? doc.moveTo(px, py) : doc.lineTo(px, py)));
    if (points.length > 1) doc.stroke();
    for (const [px, py] of points) doc.circle(px, py, 1.8).fill();
    const lx = plotLeft + i * 95;
    doc.rect(lx, top + height + 16, 10, 3).fill();
    doc.fillColor('#000000').text(name, lx + 13, top + height + 13, { lineBreak: false });
  });
  doc.fillColor('#000000');
  doc.x = box.left;
  doc.y = top + height + 30;
}
