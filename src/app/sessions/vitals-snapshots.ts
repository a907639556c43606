import type { VitalsSnapshotRow } from '../../db/repositories/treatment-sessions.js';

/**
 * What the observation vitals write needs of a session (phase, times, protocol, baseline reading, last
 * reading, open alerts), kept in process by session id together with the version it was read at.
 * Every change to a session bumps its version, so a snapshot is exact for that version and never needs
 * invalidating: a write uses it only when the request names that same version, and its one statement
 * writes only while the session is still at it (any other server's write makes it refuse, and the write
 * then reads afresh). A bounded map (oldest dropped first) of recent sessions; a miss costs one read.
 */
const limit = 500;
const snapshots = new Map<string, VitalsSnapshotRow>();

export function snapshotAt(sessionId: string, organizationId: string, version: number): VitalsSnapshotRow | undefined {
  const s = snapshots.get(sessionId);
  return s && s.version === version && s.organizationId === organizationId ? s : undefined;
}

export function keepSnapshot(snapshot: VitalsSnapshotRow): void {
  snapshots.delete(snapshot.id);
  snapshots.set(snapshot.id, snapshot);
  if (snapshots.size > limit) snapshots.delete(snapshots.keys().next().value!);
}

export function dropSnapshot(sessionId: string): void {
  snapshots.delete(sessionId);
}
