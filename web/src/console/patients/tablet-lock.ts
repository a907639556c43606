import { useSyncExternalStore } from 'react';

/**
 * The clinic tablet's patient mode: while a patient holds the tablet to sign consent, the console shows
 * only that patient's consent, whatever the address or a reload. Kept in localStorage so that a reload or
 * a new tab stays locked; only a staff re-authentication checked by the server (POST /me/reauthenticate)
 * ends it.
 */
const key = 'ketaclinic.tablet-patient';
const changed = 'ketaclinic:tablet-lock';

function read(): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(patientId: string | null): void {
  // Where storage is refused (private mode), the lock lasts as long as this page.
  memory = patientId;
  try {
    if (patientId) window.localStorage.setItem(key, patientId);
    else window.localStorage.removeItem(key);
  } catch {
    // memory above holds it
  }
  window.dispatchEvent(new Event(changed));
}

let memory: string | null = null;

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changed, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(changed, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The patient holding the tablet, or null when staff have it. */
export function useTabletPatient(): string | null {
  return useSyncExternalStore(subscribe, () => read() ?? memory);
}

export const handTabletTo = (patientId: string): void => write(patientId);
export const takeTabletBack = (): void => write(null);
