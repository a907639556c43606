import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDemoClinic } from '../../src/app/demo.js';
import { createTestDatabase } from '../setup/database.js';

// The demo is loaded whenever someone tries the clinic, at any hour: its sessions and bookings, laid out in
// the hours before "now", must still load when those hours cross the clinic's midnight (America/New_York),
// including a session checked in before midnight whose questionnaires are done after it.
afterEach(() => {
  vi.useRealTimers();
});

describe('the demo clinic loads at any hour of the clinic day', () => {
  it.each([
    // Milo's infusion began 45 minutes ago: checked in before midnight, screener done after it.
    ['screener after midnight', '2026-12-02T05:42:30Z'],
    ['both questionnaires after midnight', '2026-12-02T05:43:30Z'],
    // Ines's session began 240 minutes ago.
    ['an earlier session across midnight', '2026-12-02T08:58:30Z'],
    ['just after midnight', '2026-12-02T05:40:00Z'],
    ['half past midnight', '2026-12-02T05:30:00Z'],
    ['ten past midnight', '2026-12-02T05:10:00Z'],
    ['before midnight', '2026-12-02T04:50:00Z'],
    ['before dawn', '2026-12-02T09:30:00Z'],
    ['mid-morning', '2026-12-02T15:00:00Z'],
    ['late evening', '2026-12-03T03:30:00Z'],
  ])('%s (%s)', async (_label, at) => {
    vi.useFakeTimers({ now: new Date(at), toFake: ['Date'] });
    const db = await createTestDatabase();
    const client = await db.client();
    try {
      const result = await loadDemoClinic(client);
      expect(result.created).toBe(true);
    } finally {
      await client.end();
    }
  });
});
