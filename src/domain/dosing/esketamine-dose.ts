import type { FieldError } from '../errors.js';
import { esketamineDevices } from '../session/esketamine-rems.js';
import { isLocalDate } from '../time/local-date.js';

/**
 * Esketamine nasal spray (Spravato; CLINICAL.md §2 and §5 — RxNorm 2201623, SNOMED route nasal 46713006):
 * one device holds 28 mg, a session's dose is 56 mg (2 devices) or 84 mg (3 devices). The dose is a fixed
 * mg amount, never mg/kg, so an esketamine plan orders a starting dose and a ceiling in mg and no weight
 * basis, concentration or infusion duration.
 */
export interface EsketaminePlanDose {
  readonly startMg: unknown;
  readonly maxMg: unknown;
}

const doseMessage = 'Choose 56 mg (2 devices) or 84 mg (3 devices)';

export function esketaminePlanDoseErrors(dose: EsketaminePlanDose): FieldError[] {
  const errors: FieldError[] = [];
  const start = esketamineDevices(dose.startMg);
  const max = esketamineDevices(dose.maxMg);
  if (!start.ok) errors.push({ path: '/startMg', message: doseMessage });
  if (!max.ok) errors.push({ path: '/maxMg', message: doseMessage });
  if (start.ok && max.ok && max.devices < start.devices)
    errors.push({ path: '/maxMg', message: 'The highest dose cannot be below the starting dose' });
  return errors;
}

export interface EsketamineDevicesDrawn {
  readonly doseMg: unknown;
  /** Each device drawn for the dose, with the lot and expiry printed on it. */
  readonly devices: readonly { readonly lot: unknown; readonly expiry: unknown }[];
  /** The clinic's local date of the session (YYYY-MM-DD); a device expiring today is still usable. */
  readonly clinicDate: string;
}

/** The devices drawn must be exactly the dose's count, each with a lot and an expiry not before today. */
export function esketamineDeviceErrors(input: EsketamineDevicesDrawn): FieldError[] {
  const count = esketamineDevices(input.doseMg);
  if (!count.ok) return [{ path: '/doseMg', message: doseMessage }];
  const errors: FieldError[] = [];
  if (input.devices.length !== count.devices)
    errors.push({
      path: '/devices',
      message: `${String(input.doseMg)} mg is ${count.devices} devices of 28 mg; ${input.devices.length} recorded`,
    });
  input.devices.forEach((device, i) => {
    if (typeof device.lot !== 'string' || device.lot.trim() === '' || device.lot.length > 40)
      errors.push({ path: `/devices/${i}/lot`, message: 'Enter the lot number printed on the device' });
    if (typeof device.expiry !== 'string' || !isLocalDate(device.expiry))
      errors.push({ path: `/devices/${i}/expiry`, message: 'Enter the expiry date printed on the device' });
    else if (device.expiry < input.clinicDate)
      errors.push({ path: `/devices/${i}/expiry`, message: `This device expired on ${device.expiry}` });
  });
  return errors;
}
