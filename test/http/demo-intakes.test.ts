import { describe, expect, it } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { demoIntakes, loadDemoIntakes } from '../../src/app/demo-intakes.js';
import { demoAccounts } from '../../src/app/identity/demo-accounts.js';
import { intakeBody } from '../../src/contracts/intake.js';
import { createIdentityTestApp, signIn } from '../setup/identity.js';

/** The demo leaves the coordinator a queue of fictional "Get started" requests, scored by the real intake use-case. */
const t = await createIdentityTestApp();
const loadedAt = Date.now();
const setup = await t.db.client();
let organizationId: string;
try {
  organizationId = (await loadDemoClinic(setup)).organizationId;
} finally {
  await setup.end();
}
const account = demoAccounts.find((a) => a.roles.includes('coordinator'))!;
const userId = (await t.db.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [account.email]))
  .rows[0]!.id;
const coordinator = await signIn(t, {
  id: userId,
  email: account.email,
  password: account.password,
  organizationId,
  totpSecret: null,
  patientId: null,
});

interface QueueItem {
  familyName: string;
  urgent: boolean;
  urgentReasons: string[];
  submittedAt: string;
  scores: { instrumentId: string; total: number | null; severity: { id: string } | null; flags: string[] }[];
  prescreenFlags: { flag: string }[];
}

const count = async (): Promise<number> =>
  (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM intakes')).rows[0]!.n;

describe('the demo clinic’s intake queue', () => {
  it('lists the demo requests to the demo coordinator, urgent first, then oldest first, scored and flagged', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/intakes', headers: coordinator.headers });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: QueueItem[] }>().items;
    expect(items.map((i) => i.familyName)).toEqual(['Samplewood', 'Mockridge', 'Placeholder', 'Demoford']);
    expect(items.map((i) => i.urgent)).toEqual([true, false, false, false]);

    const [urgent, bloodPressure, ptsd, pain] = items as [QueueItem, QueueItem, QueueItem, QueueItem];
    expect(urgent.urgentReasons).toContain('cssrs_moderate_risk');
    expect(urgent.scores.find((s) => s.instrumentId === 'cssrs_screener')?.severity?.id).toBe('moderate');
    expect(bloodPressure.prescreenFlags.map((f) => f.flag)).toEqual([
      'uncontrolled_hypertension',
      'benzodiazepine_use',
    ]);
    // Both provisional rules: the total cut-off and the DSM-5 cluster rule (CLINICAL.md §5).
    expect(ptsd.scores.find((s) => s.instrumentId === 'pcl5')).toMatchObject({
      flags: ['provisional_ptsd', 'provisional_ptsd_dsm5'],
    });
    expect(pain.scores.find((s) => s.instrumentId === 'pain_nrs')).toMatchObject({
      total: 7,
      severity: { id: 'severe' },
    });

    // Sent over the day before the demo was loaded.
    for (const item of items) {
      const at = Date.parse(item.submittedAt);
      expect(at).toBeLessThanOrEqual(loadedAt);
      expect(at).toBeGreaterThan(loadedAt - 24 * 3_600_000);
    }
  });

  it('uses invented people (555-01xx, example.org) and bodies the public intake endpoint would accept', () => {
    for (const { submission } of demoIntakes) {
      expect(submission.contact.phone).toMatch(/^\(555\) 010-01\d\d$/);
      expect(submission.contact.email).toMatch(/@example\.org$/);
      expect(intakeBody.safeParse({ ...submission, website: '', formToken: 'x' }).success).toBe(true);
    }
  });

  it('adds nothing when the demo, or the intake loader alone, runs again', async () => {
    const before = await count();
    expect(before).toBe(demoIntakes.length);
    const again = await t.db.client();
    try {
      expect((await loadDemoClinic(again)).created).toBe(false);
      expect(await loadDemoIntakes(again, organizationId, new Date())).toBe(0);
    } finally {
      await again.end();
    }
    expect(await count()).toBe(before);
  });
});
