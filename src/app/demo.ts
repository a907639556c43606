import type { DatabaseClient } from '../db/kysely.js';
import {
  insertDemoLocations,
  insertDemoOrganization,
  lockDemoLoading,
  organizationIdByName,
} from '../db/repositories/demo-clinic.js';
import { inClientTransaction } from '../db/transaction.js';
import { loadDemoControlledSubstances } from './demo-controlled-substances.js';
import { loadDemoEsketamine } from './demo-esketamine.js';
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

export async function loadDemoClinic(client: DatabaseClient, options: DemoOptions = {}): Promise<DemoResult> {
  return inClientTransaction(client, async () => {
    await lockDemoLoading(client);
    const existing = await organizationIdByName(client, DEMO_ORGANIZATION_NAME);
    // A demo loaded before newer parts existed gets them now; loading twice still changes nothing.
    const organizationId =
      existing ??
      (await insertDemoOrganization(client, {
        name: DEMO_ORGANIZATION_NAME,
        timeZone: 'America/New_York',
        phone: '(555) 010-0100',
        email: 'hello@larkspur-demo.example.org',
        website: 'https://larkspur-demo.example.org',
      }));
    if (!existing)
      await insertDemoLocations(client, organizationId, [
        {
          name: 'Larkspur Demo — Riverside',
          addressLine1: '100 Example Avenue, Suite 2',
          city: 'Springfield',
          state: 'MA',
          postalCode: '01103',
          phone: '(555) 010-0101',
          openingHours: [...weekdayHours, { day: 6, opens: '09:00', closes: '13:00' }],
        },
        {
          name: 'Larkspur Demo — Hillcrest',
          addressLine1: '42 Placeholder Road',
          city: 'Springfield',
          state: 'MA',
          postalCode: '01104',
          phone: '(555) 010-0102',
          openingHours: weekdayHours,
        },
      ]);
    const now = new Date();
    await ensureDemoAccounts(client, organizationId, now);
    await loadDemoPatients(client, organizationId, now);
    await ensureDemoPatientAccount(client, organizationId, now);
    await ensureDemoInductionPortalAccount(client, organizationId, now);
    await loadDemoSchedule(client, organizationId, now);
    if (options.intakes !== false) await loadDemoIntakes(client, organizationId, now);
    await loadDemoControlledSubstances(client, organizationId, now);
    // Esketamine nasal spray in the register and a REMS-enrolled patient booked for a session today.
    await loadDemoEsketamine(client, organizationId, now);
    // Sessions draw their doses from the stock the ledger demo received.
    await loadDemoSessions(client, organizationId, now);
    await loadDemoMeasurements(client, organizationId, now);
    return { organizationId, created: existing === undefined };
  });
}
