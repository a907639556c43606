import { describe, expect, it } from 'vitest';
import {
  diagnosisCatalogue,
  findDiagnosis,
  icd10Pattern,
  searchDiagnoses,
} from '../../../../src/domain/chart/diagnoses.js';
import { classifyMedication, totalLorazepamEquivalent } from '../../../../src/domain/chart/medications.js';
import { defaultProtocol } from '../../../../src/domain/protocol/default-protocol.js';

describe('diagnosis catalogue (ICD-10-CM)', () => {
  it('holds well-formed, unique codes', () => {
    for (const d of diagnosisCatalogue) expect(d.icd10).toMatch(icd10Pattern);
    expect(new Set(diagnosisCatalogue.map((d) => d.icd10)).size).toBe(diagnosisCatalogue.length);
  });
  it('covers the indications the default protocol treats', () => {
    for (const indication of defaultProtocol.treatedIndications.filter((i) => !i.label.includes('regional'))) {
      expect(
        diagnosisCatalogue.some((d) => indication.icd10Prefixes.some((p) => d.icd10.startsWith(p))),
        indication.label,
      ).toBe(true);
    }
    expect(findDiagnosis('f41.1')?.label).toBe('Generalized anxiety disorder');
    expect(findDiagnosis('M79.7')?.label).toBe('Fibromyalgia');
    expect(findDiagnosis('G89.4')?.group).toBe('pain');
  });
  it('searches by code prefix or words of the label', () => {
    expect(searchDiagnoses('F43').map((d) => d.icd10)).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(searchDiagnoses('fibro').map((d) => d.icd10)).toEqual(['M79.7']);
    // codes typed without the dot, words in any order and cut short
    expect(searchDiagnoses('f332').map((d) => d.icd10)).toEqual(['F33.2']);
    expect(searchDiagnoses('recurrent severe dep').map((d) => d.icd10)).toEqual(['F33.2', 'F33.3']);
    expect(searchDiagnoses('anxiety generalized').map((d) => d.icd10)).toEqual(['F41.1']);
    expect(searchDiagnoses('zzz')).toEqual([]);
  });
});

describe('medication flags (CLINICAL.md §1)', () => {
  it.each([
    ['Lorazepam', 2, 2],
    ['Alprazolam 0.5 mg', 1.5, 3],
    ['Klonopin', 2, 4],
    ['Valium (diazepam)', 10, 1],
    ['Temazepam', 20, 1],
  ])('%s %s mg/day is %s mg/day lorazepam-equivalent', (name, mg, eq) => {
    expect(classifyMedication(name, mg)).toMatchObject({ benzodiazepine: true, lorazepamEqMgPerDay: eq, maoi: false });
  });
  it.each(['Phenelzine', 'Parnate', 'selegiline patch (Emsam)', 'Moclobemide'])('flags %s as an MAOI', (name) => {
    expect(classifyMedication(name, null)).toMatchObject({ maoi: true, benzodiazepine: false });
  });
  it('leaves other medications unflagged and an unknown benzodiazepine dose as unknown', () => {
    expect(classifyMedication('Sertraline', 100)).toEqual({
      generic: null,
      benzodiazepine: false,
      lorazepamEqMgPerDay: null,
      maoi: false,
    });
    expect(classifyMedication('Clonazepam', null).lorazepamEqMgPerDay).toBeNull();
  });
  it('totals the current benzodiazepines and lists those without a dose', () => {
    expect(
      totalLorazepamEquivalent([
        { name: 'Clonazepam', benzodiazepine: true, lorazepamEqMgPerDay: 2 },
        { name: 'Lorazepam', benzodiazepine: true, lorazepamEqMgPerDay: 0.5 },
        { name: 'Diazepam', benzodiazepine: true, lorazepamEqMgPerDay: null },
        { name: 'Sertraline', benzodiazepine: false, lorazepamEqMgPerDay: null },
      ]),
    ).toEqual({ mgPerDay: 2.5, unknownDose: ['Diazepam'] });
  });
});
