import type { Readable } from 'node:stream';
import {
  dispensingLogCorrectionTotals,
  dispensingLogExportPage,
  dispensingLogPage,
  dispensingLogTotals,
  ledgerEntryKinds,
  type LedgerEntryKind,
  type LedgerEntryRow,
  type LogExportRow,
  type LogFilter,
} from '../../db/repositories/controlled-substances/ledger.js';
import { DomainError } from '../../domain/errors.js';
import { addDays, dayNumber, isLocalDate, type LocalDate } from '../../domain/time/local-date.js';
import { zoneRules, type ZoneRules } from '../../domain/time/zoned-time.js';
import { audit } from '../audit/record.js';
import { withTransaction, type AppContext } from '../context.js';
import { requireLedger } from './access.js';
import { clinicTimeZone } from '../clinic-time.js';
import { csvReport, pdfReport, type Column } from './report-writers.js';
import { entryKindLabels, entryView, type EntryView } from './views.js';

/**
 * The dispensing log: every movement for a date range (clinic-local days), optionally one location,
 * product, lot or patient — "every milligram from lot X" is this report with the lot filled in. Reviewed
 * by admins and prescribers (ledger.review); every read is audited, with the patient when filtered by one.
 */
export interface LogQuery {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly locationId?: string | undefined;
  readonly productId?: string | undefined;
  readonly lot?: string | undefined;
  readonly patientId?: string | undefined;
  readonly kinds?: readonly LedgerEntryKind[] | undefined;
}

interface Resolved {
  readonly filter: LogFilter;
  readonly zone: ZoneRules;
  readonly org: string;
}

async function resolve(query: LogQuery, ctx: AppContext): Promise<Resolved> {
  const principal = requireLedger(ctx, 'ledger.review');
  const errors = [];
  if (!isLocalDate(query.from)) errors.push({ path: '/from', message: 'Enter a start date' });
  if (!isLocalDate(query.to)) errors.push({ path: '/to', message: 'Enter an end date' });
  else if (isLocalDate(query.from) && dayNumber(query.to) < dayNumber(query.from)) {
    errors.push({ path: '/to', message: 'The end date must be on or after the start date' });
  } else if (isLocalDate(query.from) && dayNumber(query.to) - dayNumber(query.from) > 366 * 5) {
    errors.push({ path: '/to', message: 'Choose at most five years' });
  }
  if (query.kinds?.some((k) => !(ledgerEntryKinds as readonly string[]).includes(k))) {
    errors.push({ path: '/kinds', message: 'Unknown entry kind' });
  }
  if (errors.length) throw new DomainError('validation_failed', 'The dates of the log need attention.', { errors });
  const zone = zoneRules(await clinicTimeZone(ctx.db, principal.organizationId));
  return {
    org: principal.organizationId,
    zone,
    filter: {
      from: zone.fromLocal(query.from, '00:00').instant,
      to: zone.fromLocal(addDays(query.to, 1), '00:00').instant,
      locationId: query.locationId,
      productId: query.productId,
      lot: query.lot?.trim() || undefined,
      patientId: query.patientId,
      kinds: query.kinds,
    },
  };
}

async function auditRead(ctx: AppContext, query: LogQuery, format: string): Promise<void> {
  await withTransaction(ctx, (tx) =>
    audit(tx, {
      action: 'ledger.dispensing_log',
      resourceType: 'cs_dispensing_log',
      patientId: query.patientId ?? null,
      details: {
        format,
        from: query.from,
        to: query.to,
        lot: query.lot ?? null,
        productId: query.productId ?? null,
        locationId: query.locationId ?? null,
      },
    }),
  );
}

export interface LogPage {
  items: EntryView[];
  /**
   * Per kind: its entries and change; `netMl`/`netMg` add the corrections (in the same filter) of entries of
   * that kind — administered net of what was not given (decision 028). For corrections themselves, the same.
   */
  totals: {
    kind: LedgerEntryKind;
    label: string;
    entries: number;
    ml: number;
    mg: number;
    netMl: number;
    netMg: number;
  }[];
  nextCursor: string | null;
}

const encodeCursor = (row: LedgerEntryRow): string =>
  Buffer.from(JSON.stringify([row.occurredAt.toISOString(), row.seq])).toString('base64url');

function decodeCursor(cursor: string | undefined): { occurredAt: Date; seq: number } | null {
  if (!cursor) return null;
  try {
    const [at, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
    const occurredAt = new Date(at);
    if (Number.isNaN(occurredAt.getTime()) || !Number.isSafeInteger(seq)) throw new Error('bad cursor');
    return { occurredAt, seq };
  } catch {
    throw new DomainError('validation_failed', 'The page cursor is not valid.', {
      errors: [{ path: '/cursor', message: 'Start from the first page' }],
    });
  }
}

export async function getDispensingLog(
  query: LogQuery & { cursor?: string | undefined; limit?: number | undefined },
  ctx: AppContext,
): Promise<LogPage> {
  const { filter, org } = await resolve(query, ctx);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  const [rows, totals, corrections] = await Promise.all([
    dispensingLogPage(ctx.db, org, filter, decodeCursor(query.cursor), limit + 1),
    query.cursor ? Promise.resolve([]) : dispensingLogTotals(ctx.db, org, filter),
    query.cursor ? Promise.resolve([]) : dispensingLogCorrectionTotals(ctx.db, org, filter),
  ]);
  await auditRead(ctx, query, 'json');
  const page = rows.slice(0, limit);
  return {
    items: page.map(entryView),
    totals: totals.map((t) => {
      const corrected = t.kind === 'correction' ? undefined : corrections.find((c) => c.correctedKind === t.kind);
      return {
        kind: t.kind,
        label: entryKindLabels[t.kind],
        entries: t.entries,
        ml: t.changeUl / 1000,
        mg: Math.round(t.changeUg) / 1000,
        netMl: (t.changeUl + (corrected?.changeUl ?? 0)) / 1000,
        netMg: Math.round(t.changeUg + (corrected?.changeUg ?? 0)) / 1000,
      };
    }),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}

const columns: readonly Column[] = [
  { header: 'Date and time', width: 9 },
  { header: 'Entry', width: 8 },
  { header: 'Location', width: 8 },
  { header: 'Drug, strength, form', width: 12 },
  { header: 'NDC', width: 7 },
  { header: 'Lot', width: 6 },
  { header: 'Vial', width: 4 },
  { header: 'mL', width: 5 },
  { header: 'mg', width: 6 },
  { header: 'Vial after (mL)', width: 5 },
  { header: 'Patient (MRN)', width: 11 },
  { header: 'Session', width: 6 },
  { header: 'By', width: 8 },
  { header: 'Witness', width: 8 },
  { header: 'Supplier, DEA no., invoice / reason', width: 16 },
];

export function usDateTime(zone: ZoneRules, at: Date): string {
  const local = zone.toLocal(at);
  return `${local.date.slice(5, 7)}/${local.date.slice(8, 10)}/${local.date.slice(0, 4)} ${local.time}`;
}

/** Ledger entries read per query while an export streams. */
const PAGE = 5000;

const usDate = (date: LocalDate): string => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;

function cells(zone: ZoneRules, e: LogExportRow): (string | number)[] {
  const detail =
    e.receiptText ??
    [e.reason, e.correctsEntryId ? `corrects entry ${e.correctsEntryId}` : null].filter(Boolean).join('; ');
  return [
    usDateTime(zone, e.occurredAt),
    entryKindLabels[e.kind],
    e.locationName,
    `${e.drug} ${e.strengthMgPerMl} mg/mL ${e.form.replaceAll('_', ' ')}`,
    e.ndc,
    e.lot,
    e.vialNumber,
    (e.changeUl / 1000).toFixed(3),
    (Math.round(e.changeUg) / 1000).toFixed(3),
    (e.vialRemainingUl / 1000).toFixed(3),
    e.patientName ? `${e.patientName} (${e.patientMrn ?? ''})` : '',
    e.sessionRef ?? '',
    e.byName,
    e.witnessName ? `${e.witnessName} (${e.witnessMethod === 'totp' ? 'code' : 'password'})` : '',
    detail,
  ];
}

/** The log as a file, streamed page by page (keyset pagination on (occurred_at, seq)). */
export async function exportDispensingLog(
  query: LogQuery,
  format: 'csv' | 'pdf',
  ctx: AppContext,
): Promise<{ stream: Readable; fileName: string; contentType: string }> {
  const { filter, zone, org } = await resolve(query, ctx);
  await auditRead(ctx, query, format);
  const title = 'Controlled-substance dispensing log';
  const lines = [
    `Period: ${usDate(query.from)} to ${usDate(query.to)} (clinic time, ${zone.timeZone})`,
    [
      query.lot ? `Lot ${query.lot}` : null,
      query.productId ? 'One product' : null,
      query.patientId ? 'One patient' : null,
      query.locationId ? 'One location' : null,
    ]
      .filter(Boolean)
      .join(' · ') || 'All locations, products, lots and patients',
    `Produced ${usDateTime(zone, ctx.now)}. Quantities: negative = stock leaving (administered, wasted, destroyed, lost).`,
  ];
  const report = format === 'csv' ? csvReport(columns, [title, ...lines]) : await pdfReport(columns, { title, lines });
  const pump = async (): Promise<void> => {
    const page = (after: { occurredAt: Date; seq: number } | null): Promise<LogExportRow[]> =>
      dispensingLogExportPage(ctx.db, org, filter, after, PAGE);
    const totals = new Map<string, { entries: number; ul: number; ug: number }>();
    let next: Promise<LogExportRow[]> | null = page(null);
    while (next) {
      const rows: LogExportRow[] = await next;
      // The next page is read while this one is written out (the pool lends it another connection).
      const last = rows.at(-1);
      next = rows.length === PAGE && last ? page({ occurredAt: last.occurredAt, seq: last.seq }) : null;
      // An abandoned download stops the writes below; the page already asked for must not reject unheard.
      next?.catch(() => undefined);
      for (const row of rows) {
        await report.write(cells(zone, row));
        const t = totals.get(row.kind) ?? { entries: 0, ul: 0, ug: 0 };
        t.entries += 1;
        t.ul += row.changeUl;
        t.ug += row.changeUg;
        totals.set(row.kind, t);
      }
    }
    // Each kind after the corrections of its entries (a dose not given in full nets into administered).
    const corrections = await dispensingLogCorrectionTotals(ctx.db, org, filter);
    await report.end(
      [...totals].flatMap(([kind, t]) => {
        const label = entryKindLabels[kind as LedgerEntryKind];
        const lines = [
          `${label}: ${t.entries} entries, ${(t.ul / 1000).toFixed(3)} mL, ${(Math.round(t.ug) / 1000).toFixed(3)} mg`,
        ];
        const c = kind === 'correction' ? undefined : corrections.find((x) => x.correctedKind === kind);
        if (c) {
          lines.push(
            `${label} after corrections: ${((t.ul + c.changeUl) / 1000).toFixed(3)} mL, ${(Math.round(t.ug + c.changeUg) / 1000).toFixed(3)} mg`,
          );
        }
        return lines;
      }),
    );
  };
  pump().catch((error: unknown) => report.stream.destroy(error instanceof Error ? error : new Error(String(error))));
  const name = `dispensing-log-${query.from}-to-${query.to}${query.lot ? `-lot-${query.lot.replace(/[^A-Za-z0-9-]/g, '')}` : ''}.${format}`;
  return {
    stream: report.stream,
    fileName: name,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf',
  };
}
