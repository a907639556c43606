import { describe, expect, it } from 'vitest';
import type { VitalsSnapshotRow } from '../../src/db/repositories/treatment-sessions.js';
import { dropSnapshot, keepSnapshot, snapshotAt } from '../../src/app/sessions/vitals-snapshots.js';

/** What the vitals write remembers of a session: exact for one version, never used for another (decision 025). */
const snapshot = (id: string, version: number, organizationId = 'org-a'): VitalsSnapshotRow =>
  ({ id, organizationId, version, phase: 'observation' }) as VitalsSnapshotRow;

describe('vitals snapshots', () => {
  it('answers only for the same session, clinic and version', () => {
    keepSnapshot(snapshot('s1', 4));
    expect(snapshotAt('s1', 'org-a', 4)?.version).toBe(4);
    expect(snapshotAt('s1', 'org-a', 3)).toBeUndefined();
    expect(snapshotAt('s1', 'org-a', 5)).toBeUndefined();
    expect(snapshotAt('s1', 'org-b', 4)).toBeUndefined();
    keepSnapshot(snapshot('s1', 5));
    expect(snapshotAt('s1', 'org-a', 4)).toBeUndefined();
    expect(snapshotAt('s1', 'org-a', 5)?.version).toBe(5);
    dropSnapshot('s1');
    expect(snapshotAt('s1', 'org-a', 5)).toBeUndefined();
  });

  it('keeps the most recently written sessions, the oldest dropped first', () => {
    for (let i = 0; i < 600; i++) keepSnapshot(snapshot(`bulk-${i}`, 1));
    expect(snapshotAt('bulk-0', 'org-a', 1)).toBeUndefined();
    expect(snapshotAt('bulk-599', 'org-a', 1)).toBeDefined();
    expect(snapshotAt('bulk-100', 'org-a', 1)).toBeDefined();
  });
});
