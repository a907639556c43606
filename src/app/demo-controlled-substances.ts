import { findUsersByEmail } from '../db/repositories/users.js';
import type { Principal } from '../domain/permissions/index.js';
import type { AppContext, Queryable } from './context.js';
import { getExpectedStock, recordCount } from './controlled-substances/counts.js';
import { takeInventory } from './controlled-substances/inventories.js';
import { recordAdministration, recordWaste } from './controlled-substances/movements.js';
import { clinicToday } from './clinic-time.js';
import { createProduct, receiveStock } from './controlled-substances/stock.js';
import { demoAccounts } from './identity/demo-accounts.js';
import { hasProducts, listLocations, patientsInTreatment } from '../db/repositories/controlled-substances/stock.js';

/**
 * The demo clinic's controlled-substance record, made through the real use-cases: two ketamine products
 * (fictional NDCs), an initial inventory (taken before the first receipt, so it records none on hand), a
 * receipt checked by the prescriber, three doses to patients in treatment, the rest of that vial wasted
 * with a witness, and an agreeing end-of-day count. Loading the demo again adds none of it twice.
 */
export async function loadDemoControlledSubstances(
  client: Queryable,
  organizationId: string,
  now: Date,
): Promise<void> {
  if (await hasProducts(client, organizationId)) return;
  const account = async (role: 'nurse' | 'prescriber') => {
    const demo = demoAccounts.find((a) => a.roles.includes(role))!;
    const user = (await findUsersByEmail(client, demo.email)).find((u) => u.organizationId === organizationId)!;
    return {
      demo,
      principal: { userId: user.id, organizationId, kind: 'staff', roles: user.roles, patientId: null } as Principal,
    };
  };
  const nurse = await account('nurse');
  const prescriber = await account('prescriber');
  const ctx = (principal: Principal, at = now): AppContext => ({
    db: client,
    principal,
    now: at,
    ip: null,
    userAgent: 'ketaclinic demo',
  });
  const riverside = (await listLocations(client, organizationId)).find((l) => l.name.endsWith('Riverside'))!.id;
  const { today } = await clinicToday(client, organizationId, now);

  await takeInventory(
    {
      locationId: riverside,
      kind: 'initial',
      takenOn: today,
      moment: 'opening',
      lines: [],
      notes: 'Demo: initial inventory before the first receipt.',
    },
    ctx(nurse.principal),
  );
  const product = await createProduct(
    {
      drug: 'Ketamine hydrochloride',
      strengthMgPerMl: 50,
      containerMl: 10,
      form: 'injection_vial',
      ndc: '99999-0050-10',
      schedule: 'III',
    },
    ctx(nurse.principal),
  );
  await createProduct(
    {
      drug: 'Ketamine hydrochloride',
      strengthMgPerMl: 100,
      containerMl: 5,
      form: 'injection_vial',
      ndc: '99999-0100-05',
      schedule: 'III',
    },
    ctx(nurse.principal),
  );
  const expiry = `${Number(today.slice(0, 4)) + 1}${today.slice(4, 8)}01`;
  const receipt = await receiveStock(
    {
      locationId: riverside,
      productId: product.id,
      receivedOn: today,
      supplierName: 'Example Pharmaceutical Wholesale (demo)',
      supplierAddress: '1 Example Way, Springfield MA 01103',
      supplierDeaNumber: 'PE1234563',
      invoiceNumber: 'DEMO-INV-0001',
      lot: 'DEMO-K2601',
      expiresOn: expiry,
      containers: 5,
      witnessUserId: prescriber.principal.userId,
      witnessPassword: prescriber.demo.password,
    },
    ctx(nurse.principal),
  );
  const patients = await patientsInTreatment(client, organizationId, 3);
  const vial = receipt.vials[0]!;
  let left = 10;
  for (const [i, patientId] of patients.entries()) {
    const dose = [2.8, 3.1, 2.45][i] ?? 2;
    await recordAdministration(
      { vialId: vial.id, patientId, locationId: riverside, volumeMl: dose },
      ctx(nurse.principal),
    );
    left = Math.round((left - dose) * 1000) / 1000;
  }
  await recordWaste(
    {
      vialId: vial.id,
      volumeMl: left,
      reason: 'Left in the vial after the last dose of the day; wasted into the drug-disposal container',
      witnessUserId: prescriber.principal.userId,
      witnessPassword: prescriber.demo.password,
    },
    ctx(nurse.principal),
  );
  const expected = await getExpectedStock(riverside, ctx(nurse.principal));
  await recordCount(
    {
      locationId: riverside,
      period: 'day',
      notes: 'Demo: end-of-day count.',
      lines: expected.map((e) => ({
        productId: e.productId,
        lot: e.lot,
        countedContainers: e.containers,
        countedMl: e.volumeMl,
      })),
    },
    ctx(nurse.principal),
  );
}
