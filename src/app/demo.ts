import type pg from 'pg';
import { loadDemoControlledSubstances } from './demo-controlled-substances.js';
import { loadDemoIntakes } from './demo-intakes.js';
import { loadDemoMeasurements } from './demo-measurements.js';
import { loadDemoPatients } from './demo-patients.js';
import { loadDemoSchedule } from './demo-schedule.js';
import { loadDemoSessions } from './demo-sessions.js';
import { ensureDemoAccounts, ensureDemoPatientAccount } from './identity/demo-accounts.js';
import { ensureDemoInductionPortalAccount } from './portal/demo-portal.js';

/**
 * The fictional demo clinic. Every name, address and number is obviously invented (555-01xx phone
 * numbers, example.org addresses). Loading it twice changes nothing.
 */
export const DEMO_ORGANIZATION_NAME = 'Larkspur Demo Ketamine Clinic';

export interface DemoOptions {
  /** false: leave the intake queue empty (tests that assert on a queue of their own intakes). Default true. */
  readonly intakes?: boolean;
}

export interface DemoResult {
  readonly organizationId: string;
  readonly created: boolean;
}

const weekdayHours = [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes: '18:00' }));

export async function loadDemoClinic(client: pg.ClientBase, options: DemoOptions = {}): Promise<DemoResult> {
  await client.query('BEGIN');
  try {
    // Serialise concurrent `demo` runs so the clinic is created once.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ketaclinic-demo'))");
    const existing = await client.query<{ id: string }>('SELECT id FROM organizations WHERE name = $1', [
      DEMO_ORGANIZATION_NAME,
    ]);
    if (existing.rows[0]) {
      // A demo loaded before accounts existed gets them now; loading twice still changes nothing.
      await ensureDemoAccounts(client, existing.rows[0].id, new Date());
      await loadDemoPatients(client, existing.rows[0].id, new Date());
      await ensureDemoPatientAccount(client, existing.rows[0].id, new Date());
      await ensureDemoInductionPortalAccount(client, existing.rows[0].id, new Date());
      await loadDemoSchedule(client, existing.rows[0].id, new Date());
      if (options.intakes !== false) await loadDemoIntakes(client, existing.rows[0].id, new Date());
      await loadDemoControlledSubstances(client, existing.rows[0].id, new Date());
      // Sessions draw their doses from the stock the ledger demo received.
      await loadDemoSessions(client, existing.rows[0].id, new Date());
      await loadDemoMeasurements(client, existing.rows[0].id, new Date());
      await client.query('COMMIT');
      return { organizationId: existing.rows[0].id, created: false };
    }
    const org = await client.query<{ id: string }>(
      `INSERT INTO organizations (name, time_zone, phone, email, website)
       VALUES ($1, 'America/New_York', '(555) 010-0100', 'hello@larkspur-demo.example.org', 'https://larkspur-demo.example.org')
       RETURNING id`,
      [DEMO_ORGANIZATION_NAME],
    );
    const organizationId = org.rows[0]?.id;
    if (!organizationId) throw new Error('demo organization was not created');
    await client.query(
      `INSERT INTO locations (organization_id, name, address_line1, city, state, postal_code, phone, opening_hours)
       VALUES ($1, 'Larkspur Demo — Riverside', '100 Example Avenue, Suite 2', 'Springfield', 'MA', '01103', '(555) 010-0101', $2),
              ($1, 'Larkspur Demo — Hillcrest', '42 Placeholder Road', 'Springfield', 'MA', '01104', '(555) 010-0102', $3)`,
      [
        organizationId,
        JSON.stringify([...weekdayHours, { day: 6, opens: '09:00', closes: '13:00' }]),
        JSON.stringify(weekdayHours),
      ],
    );
    await ensureDemoAccounts(client, organizationId, new Date());
    await loadDemoPatients(client, organizationId, new Date());
    await ensureDemoPatientAccount(client, organizationId, new Date());
    await ensureDemoInductionPortalAccount(client, organizationId, new Date());
    await loadDemoSchedule(client, organizationId, new Date());
    if (options.intakes !== false) await loadDemoIntakes(client, organizationId, new Date());
    await loadDemoControlledSubstances(client, organizationId, new Date());
    // Sessions draw their doses from the stock the ledger demo received.
    await loadDemoSessions(client, organizationId, new Date());
    await loadDemoMeasurements(client, organizationId, new Date());
    await client.query('COMMIT');
    return { organizationId, created: true };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
