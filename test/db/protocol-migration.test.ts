import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defaultProtocol } from '../../src/domain/protocol/default-protocol.js';
import { upgradeStoredProtocol } from '../../src/domain/protocol/upgrade-protocol.js';
import { validateProtocol } from '../../src/domain/protocol/validate-protocol.js';
import { createTestDatabase } from '../setup/database.js';

// Migration 0009 gives every clinic a new protocol version with the 2026.2 settings and changes no stored
// version. Run again here over clinics set up the way 2026.1 stored them.
const db = await createTestDatabase();
const migration = await readFile(new URL('../../src/db/migrations/0009_protocol_2026_2.sql', import.meta.url), 'utf8');

/** The 2026.1 shape: no settings of issue 11, the old name of the stop threshold. */
function old(overrides: { preDoseHoldSystolic?: number; label?: string } = {}): Record<string, unknown> {
  const without = (o: unknown, keys: readonly string[]): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o as Record<string, unknown>).filter(([k]) => !keys.includes(k)));
  const p = structuredClone(defaultProtocol);
  return {
    ...without(p, ['preDoseHolds', 'ivDilution', 'eligibility', 'outcomeBaselineMinimum']),
    version: overrides.label ?? 'ketaclinic-default-2026.1',
    bloodPressure: {
      ...without(p.bloodPressure, ['eligibilitySevereReading', 'preDoseAbsoluteLimit', 'preDoseLow']),
      preDoseHold: { ...p.bloodPressure.preDoseHold, systolicMmHg: overrides.preDoseHoldSystolic ?? 160 },
    },
    sessionAlerts: {
      ...without(p.sessionAlerts, ['bloodPressureStop', 'hypotension', 'spo2StopBelowPercent']),
      bloodPressureStopWithSymptoms: { ...p.sessionAlerts.bloodPressureStop, diastolicMmHg: 125, source: 'old' },
    },
    discharge: without(p.discharge, ['absoluteLimits', 'maxReadingAgeMinutes', 'minAldreteScore']),
  };
}

async function clinic(name: string, versions: { label: string; protocol: unknown }[]): Promise<string> {
  const org = await db.pool.query<{ id: string }>(
    `INSERT INTO organizations (name, time_zone) VALUES ($1, 'America/New_York') RETURNING id`,
    [name],
  );
  const id = org.rows[0]!.id;
  for (const [i, v] of versions.entries()) {
    await db.pool.query(
      `INSERT INTO protocol_versions (organization_id, number, protocol, label, created_at) VALUES ($1, $2, $3, $4, now())`,
      [id, i + 1, JSON.stringify(v.protocol), v.label],
    );
  }
  return id;
}

const versionsOf = async (organizationId: string) =>
  (
    await db.pool.query<{ number: number; label: string; protocol: Record<string, unknown> }>(
      'SELECT number, label, protocol FROM protocol_versions WHERE organization_id = $1 ORDER BY number',
      [organizationId],
    )
  ).rows;

describe('migration 0009: protocol 2026.2', () => {
  it('moves a clinic on the defaults to the 2026.2 defaults and keeps a customised clinic’s numbers', async () => {
    const onDefaults = await clinic('Fictional Default Clinic', [
      { label: 'ketaclinic-default-2026.1', protocol: old() },
    ]);
    const customised = await clinic('Fictional Custom Clinic', [
      { label: 'ketaclinic-default-2026.1', protocol: old() },
      { label: 'clinic-v2', protocol: old({ preDoseHoldSystolic: 150, label: 'clinic-v2' }) },
    ]);
    const before = await versionsOf(customised);
    await db.pool.query(migration);

    const a = await versionsOf(onDefaults);
    expect(a.map((v) => [v.number, v.label])).toEqual([
      [1, 'ketaclinic-default-2026.1'],
      [2, 'ketaclinic-default-2026.2'],
    ]);
    expect(a[1]!.protocol).toEqual(JSON.parse(JSON.stringify(defaultProtocol)));

    const b = await versionsOf(customised);
    // Stored versions are unchanged (documents signed on them keep them as they were).
    expect(b.slice(0, 2)).toEqual(before);
    expect(b.map((v) => [v.number, v.label])).toEqual([
      [1, 'ketaclinic-default-2026.1'],
      [2, 'clinic-v2'],
      [3, 'clinic-v3'],
    ]);
    const upgraded = validateProtocol(b[2]!.protocol);
    expect(upgraded.version).toBe('clinic-v3');
    expect(upgraded.bloodPressure.preDoseHold.systolicMmHg).toBe(150);
    expect(upgraded.bloodPressure.preDoseAbsoluteLimit).toEqual(defaultProtocol.bloodPressure.preDoseAbsoluteLimit);
    expect(upgraded.sessionAlerts.bloodPressureStop).toMatchObject({
      diastolicMmHg: 125,
      source: defaultProtocol.sessionAlerts.bloodPressureStop.source,
    });
    expect(upgraded.eligibility).toEqual(defaultProtocol.eligibility);
    // The migration and the application read an old version the same way.
    expect(upgraded).toEqual({ ...upgradeStoredProtocol(b[1]!.protocol), version: 'clinic-v3' });

    // A clinic already on 2026.2 is left alone when the statement runs again.
    await db.pool.query(migration);
    expect(await versionsOf(onDefaults)).toHaveLength(2);
    expect(await versionsOf(customised)).toHaveLength(3);
  });

  it('lets a clearance letter name the new clearances', async () => {
    const res = await db.pool.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'patient_documents_clearance_check'`,
    );
    expect(res.rows[0]!.def).toContain('urology');
    expect(res.rows[0]!.def).toContain('sleep_medicine');
  });
});
