-- Protocol 2026.2 (issue 11: the clinical safety review; CLINICAL.md §1–§3, §5). The clinic protocol gains
-- versioned settings, each with its source: two pre-dose blood-pressure tiers (an overridable hold and an
-- absolute limit), low-BP/heart-rate/respiratory-rate/SpO2 holds, in-session hypotension and SpO2-stop
-- alerts, discharge absolute limits with recent timed readings and a modified Aldrete minimum, IV dilution,
-- eligibility settings (minimum age, ketamine/PCP misuse, pregnancy, breastfeeding, bladder symptoms,
-- STOP-BANG, single severe readings) and the baselines from which response and remission are judged.
--
-- Every organization gets a NEW protocol version carrying them; no stored version is changed, so assessments
-- and plans signed on an older version keep the version they used (DESIGN.md "Data rules"). A clinic still
-- on the built-in defaults moves to the 2026.2 defaults as they are; a clinic with its own settings keeps
-- every number it set, and gains the new settings at their defaults. The application reads an older version
-- the same way (src/domain/protocol/upgrade-protocol.ts).

-- Clearances the eligibility rules can now ask for: urology (bladder symptoms) and sleep medicine (STOP-BANG).
ALTER TABLE patient_documents DROP CONSTRAINT patient_documents_clearance_check;
ALTER TABLE patient_documents ADD CONSTRAINT patient_documents_clearance_check
  CHECK (clearance IN ('cardiology', 'pcp', 'psychiatry', 'addiction_medicine', 'obstetric', 'neurology',
                       'ophthalmology', 'hepatology', 'urology', 'sleep_medicine'));

WITH defaults AS (
  -- src/domain/protocol/default-protocol.ts, version ketaclinic-default-2026.2.
  SELECT '{
  "version": "ketaclinic-default-2026.2",
  "bloodPressure": {
    "screeningWarning": {
      "systolicMmHg": 140,
      "diastolicMmHg": 90,
      "comparison": "above",
      "source": "Esketamine (Spravato) label: above 140/90 mmHg weigh the risk and consider delaying — CLINICAL.md §1",
      "verified": true
    },
    "eligibilityHardStop": {
      "systolicMmHg": 180,
      "diastolicMmHg": 100,
      "comparison": "above",
      "source": "Swiss ketamine label: uncontrolled hypertension > 180/100 mmHg at rest is a contraindication — CLINICAL.md §1",
      "verified": true
    },
    "eligibilitySevereReading": {
      "systolicMmHg": 180,
      "diastolicMmHg": 110,
      "comparison": "at_or_above",
      "source": "ACC/AHA 2017: classify on the average of ≥ 2 readings, but any single reading ≥ 180 systolic or ≥ 110 diastolic is a finding of its own (repeat it; clearance before treatment) — CLINICAL.md §1",
      "verified": true
    },
    "preDoseHold": {
      "systolicMmHg": 160,
      "diastolicMmHg": 100,
      "comparison": "at_or_above",
      "source": "Clinic default: hold the dose if ≥ 160/100 mmHg before dosing; a prescriber may override with a reason and a repeat reading — CLINICAL.md §3",
      "verified": false
    },
    "preDoseAbsoluteLimit": {
      "systolicMmHg": 180,
      "diastolicMmHg": 110,
      "comparison": "at_or_above",
      "source": "Absolute limit: ≥ 180 systolic or ≥ 110 diastolic, no dose that day and no override (Swiss label > 180/100; ACC/AHA severe ≥ 180/120) — CLINICAL.md §3",
      "verified": false
    },
    "preDoseLow": {
      "systolicBelowMmHg": 90,
      "diastolicBelowMmHg": 60,
      "source": "Clinic default: hold the dose if systolic < 90 or diastolic < 60 mmHg — CLINICAL.md §3",
      "verified": false
    }
  },
  "preDoseHolds": {
    "heartRateBpm": {
      "alertBelow": 50,
      "alertAbove": 120,
      "source": "Clinic default: hold the dose if heart rate < 50 or > 120 /min — CLINICAL.md §3",
      "verified": false
    },
    "respiratoryRatePerMin": {
      "alertBelow": 10,
      "alertAbove": 24,
      "source": "Clinic default: hold the dose if respiratory rate < 10 or > 24 /min — CLINICAL.md §3",
      "verified": false
    },
    "spo2BelowPercent": {
      "value": 92,
      "source": "Clinic default: hold the dose if SpO2 < 92 % — CLINICAL.md §3",
      "verified": false
    }
  },
  "sessionAlerts": {
    "bloodPressureNotice": {
      "systolicMmHg": 160,
      "diastolicMmHg": 100,
      "comparison": "at_or_above",
      "source": "Clinic policy: the pre-dose hold level used as an in-session notice — CLINICAL.md §3 (Yale series)",
      "verified": false
    },
    "bloodPressureAlert": {
      "systolicMmHg": 180,
      "diastolicMmHg": 110,
      "comparison": "at_or_above",
      "source": "Clinic alert default: systolic ≥ 180 or diastolic ≥ 110 → alert prescriber — CLINICAL.md §3",
      "verified": false
    },
    "bloodPressureStop": {
      "systolicMmHg": 180,
      "diastolicMmHg": 120,
      "comparison": "at_or_above",
      "source": "Clinic alert default: ≥ 180/120 mmHg → stop the infusion and escalate; symptoms of end-organ harm stop it at any pressure — CLINICAL.md §3",
      "verified": false
    },
    "spo2AlertBelowPercent": {
      "value": 92,
      "source": "Clinic alert default: SpO2 < 92 % → alert — CLINICAL.md §3",
      "verified": false
    },
    "spo2StopBelowPercent": {
      "value": 90,
      "source": "Clinic alert default: SpO2 < 90 % → stop the dose and support the airway — CLINICAL.md §3",
      "verified": false
    },
    "hypotension": {
      "systolicBelowMmHg": 90,
      "fallFromBaselinePercent": 20,
      "source": "Clinic alert default (unverified): systolic < 90 mmHg or a fall > 20 % from baseline → alert (hypotension) — CLINICAL.md §3",
      "verified": false
    },
    "heartRateBpm": {
      "alertBelow": 50,
      "alertAbove": 120,
      "source": "Clinic alert default: heart rate > 120 or < 50 /min → alert (unverified) — CLINICAL.md §3",
      "verified": false
    },
    "respiratoryRatePerMin": {
      "alertBelow": 10,
      "alertAbove": 24,
      "source": "Clinic policy (unverified): respiratory rate < 10 or > 24 /min → alert; CLINICAL.md §3 gives no value",
      "verified": false
    }
  },
  "doseLimits": {
    "IV": {
      "startMgPerKg": 0.5,
      "titrationStepMgPerKg": 0.1,
      "maxMgPerKg": 0.75,
      "maxTotalMg": 75,
      "maxInfusionMgPerKgPerHour": 1,
      "defaultInfusionMinutes": 40,
      "source": "IV 0.5 mg/kg over 40 min (Berman 2000, Zarate 2006, Murrough 2013, Feder 2021); trial range 0.1–0.75 mg/kg; low dose ≤ 1 mg/kg/h (Pennsylvania guidance) — CLINICAL.md §2. Ceilings are clinic policy.",
      "verified": false
    },
    "IM": {
      "startMgPerKg": 0.25,
      "titrationStepMgPerKg": 0.1,
      "maxMgPerKg": 0.5,
      "maxTotalMg": 50,
      "maxInfusionMgPerKgPerHour": null,
      "defaultInfusionMinutes": null,
      "source": "IM 0.25–0.5 mg/kg (Chilukuri 2014; expert opinion up to 0.6–0.7); low-dose bolus ≤ 0.5 mg/kg (Pennsylvania guidance) — CLINICAL.md §2. Ceilings are clinic policy.",
      "verified": false
    },
    "SC": {
      "startMgPerKg": 0.1,
      "titrationStepMgPerKg": 0.1,
      "maxMgPerKg": 0.5,
      "maxTotalMg": 50,
      "maxInfusionMgPerKgPerHour": null,
      "defaultInfusionMinutes": null,
      "source": "SC 0.1 mg/kg rising 0.1 per session, up to 0.5–0.9 mg/kg (Loo 2016; KADS trial) — CLINICAL.md §2",
      "verified": false
    }
  },
  "ivDilution": {
    "maxUndilutedMgPerMl": 50,
    "defaultDiluent": "sodium_chloride_0_9",
    "defaultFinalVolumeMl": 100,
    "source": "Ketalar label: the 100 mg/mL strength must not be given IV undiluted; an infusion is drawn into a bag or syringe of 0.9 % saline or 5 % dextrose (e.g. 50 or 100 mL) — CLINICAL.md §2",
    "verified": true
  },
  "recoveryMinutes": {
    "IV": 60,
    "IM": 60,
    "SC": 60,
    "source": "Configurable per route: e.g. IV 30–60 min after end, IM 60 min — CLINICAL.md §3",
    "verified": false
  },
  "fasting": {
    "solidsHours": 6,
    "clearFluidsHours": 2,
    "source": "Clinics vary: solids 4–8 h, clear fluids 2 h — CLINICAL.md §3",
    "verified": false
  },
  "pregnancyTestRequired": true,
  "benzodiazepineMaxLorazepamMgPerDay": {
    "value": 2,
    "source": "Benzodiazepines above 2 mg/day lorazepam-equivalent blunt response (trial exclusion) — CLINICAL.md §1",
    "verified": true
  },
  "vitalsIntervalMinutes": {
    "duringDose": 10,
    "afterDose": 15,
    "source": "Vitals every 10 min during infusion, every 15 min afterwards (Emory and Yale series) — CLINICAL.md §3",
    "verified": true
  },
  "discharge": {
    "minSpo2Percent": {
      "value": 92,
      "source": "ACEP ketamine sedation guideline: SpO2 ≥ 92 % on room air — CLINICAL.md §3",
      "verified": true
    },
    "nearBaselineTolerance": {
      "systolicMmHg": 20,
      "diastolicMmHg": 15,
      "heartRateBpm": 20,
      "source": "Clinic policy (unverified): ACEP \"vitals near baseline\" given as ±20 systolic, ±15 diastolic, ±20 HR — CLINICAL.md §3",
      "verified": false
    },
    "absoluteLimits": {
      "systolicBelowMmHg": 160,
      "diastolicBelowMmHg": 100,
      "heartRateMinBpm": 50,
      "heartRateMaxBpm": 110,
      "respiratoryRateMinPerMin": 10,
      "respiratoryRateMaxPerMin": 24,
      "source": "Clinic default: near baseline is not enough alone — systolic < 160, diastolic < 100, heart rate 50–110, respiratory rate 10–24 /min — CLINICAL.md §3",
      "verified": false
    },
    "maxReadingAgeMinutes": {
      "value": 15,
      "source": "Clinic default: discharge vitals taken after the end of the dose and within the last 15 min — CLINICAL.md §3",
      "verified": false
    },
    "minAldreteScore": {
      "value": 9,
      "source": "Modified Aldrete score ≥ 9 (Aldrete 1995) as the structured form of the discharge judgement — CLINICAL.md §3",
      "verified": true
    }
  },
  "eligibility": {
    "minimumAgeYears": {
      "value": 18,
      "source": "Off-label; clinics treat adults: minimum age is a clinic setting, computed on the clinic-local date — CLINICAL.md §1",
      "verified": false
    },
    "ketamineOrPcpMisuse": {
      "severity": "exclusion",
      "source": "History of ketamine or phencyclidine misuse or dependence: labels warn of abuse and dependence; trials exclude it — CLINICAL.md §1",
      "verified": true
    },
    "pregnancy": {
      "severity": "exclusion",
      "source": "Esketamine label: not recommended in pregnancy; not eligible while pregnant — CLINICAL.md §1",
      "verified": true
    },
    "breastfeeding": {
      "severity": "needs_clearance",
      "source": "Breastfeeding needs obstetric clearance (clinic default) — CLINICAL.md §1",
      "verified": false
    },
    "bladderSymptoms": {
      "severity": "needs_clearance",
      "source": "Ketamine-associated bladder symptoms or uropathy need clearance (clinic default) — CLINICAL.md §1",
      "verified": false
    },
    "stopBangAtOrAbove": {
      "value": 5,
      "severity": "needs_clearance",
      "source": "STOP-BANG ≥ 5: high risk of obstructive sleep apnoea, clearance first (clinic default) — CLINICAL.md §1",
      "verified": false
    }
  },
  "outcomeBaselineMinimum": {
    "phq9": 10,
    "madrs": 20,
    "qids_sr16": 11,
    "source": "Response and remission are judged only from a baseline in the treated range: PHQ-9 ≥ 10, MADRS ≥ 20, QIDS-SR16 ≥ 11 (clinic defaults) — CLINICAL.md §5",
    "verified": false
  },
  "induction": {
    "sessions": 6,
    "maxSpanDays": 21,
    "minSessionsPerWeek": 2,
    "maxSessionsPerWeek": 3,
    "minSpacingDays": 2,
    "minSpacingHours": 24,
    "source": "Six sessions over 2–3 weeks, 2–3 a week, never two on the same day (Murrough 2013, Feder 2021, Anand 2023) — CLINICAL.md §4",
    "verified": true
  },
  "treatedIndications": [
    {
      "label": "Major depressive disorder (incl. treatment-resistant)",
      "icd10Prefixes": [
        "F32",
        "F33"
      ]
    },
    {
      "label": "Generalized anxiety disorder",
      "icd10Prefixes": [
        "F41.1"
      ]
    },
    {
      "label": "Post-traumatic stress disorder",
      "icd10Prefixes": [
        "F43.1"
      ]
    },
    {
      "label": "Fibromyalgia",
      "icd10Prefixes": [
        "M79.7"
      ]
    },
    {
      "label": "Complex regional pain syndrome",
      "icd10Prefixes": [
        "G90.5",
        "G56.4",
        "G57.7"
      ]
    }
  ]
}'::jsonb AS d
),
current_version AS (
  SELECT DISTINCT ON (organization_id) organization_id, number, label, protocol
    FROM protocol_versions
   ORDER BY organization_id, number DESC
),
upgraded AS (
  SELECT c.organization_id,
         c.number + 1 AS number,
         CASE WHEN c.label LIKE 'ketaclinic-default-%' THEN 'ketaclinic-default-2026.2'
              ELSE 'clinic-v' || (c.number + 1) END AS label,
         CASE WHEN c.label LIKE 'ketaclinic-default-%' THEN d.d
              ELSE c.protocol
                || jsonb_build_object(
                     'bloodPressure', (d.d -> 'bloodPressure') || (c.protocol -> 'bloodPressure'),
                     'preDoseHolds', coalesce(c.protocol -> 'preDoseHolds', d.d -> 'preDoseHolds'),
                     -- The old "stop only with symptoms" threshold keeps the clinic's numbers, with the new source.
                     'sessionAlerts', (d.d -> 'sessionAlerts')
                        || ((c.protocol -> 'sessionAlerts') - 'bloodPressureStopWithSymptoms')
                        || CASE WHEN c.protocol -> 'sessionAlerts' ? 'bloodPressureStopWithSymptoms' THEN
                             jsonb_build_object('bloodPressureStop', (d.d -> 'sessionAlerts' -> 'bloodPressureStop')
                               || jsonb_build_object(
                                    'systolicMmHg', c.protocol -> 'sessionAlerts' -> 'bloodPressureStopWithSymptoms' -> 'systolicMmHg',
                                    'diastolicMmHg', c.protocol -> 'sessionAlerts' -> 'bloodPressureStopWithSymptoms' -> 'diastolicMmHg',
                                    'comparison', c.protocol -> 'sessionAlerts' -> 'bloodPressureStopWithSymptoms' -> 'comparison'))
                           ELSE '{}'::jsonb END,
                     'ivDilution', coalesce(c.protocol -> 'ivDilution', d.d -> 'ivDilution'),
                     'discharge', (d.d -> 'discharge') || (c.protocol -> 'discharge'),
                     'eligibility', coalesce(c.protocol -> 'eligibility', d.d -> 'eligibility'),
                     'outcomeBaselineMinimum', coalesce(c.protocol -> 'outcomeBaselineMinimum', d.d -> 'outcomeBaselineMinimum'))
                || jsonb_build_object('version', 'clinic-v' || (c.number + 1))
         END AS protocol
    FROM current_version c CROSS JOIN defaults d
   -- Idempotent in spirit: a clinic already on 2026.2 settings (e.g. created after this release) is left alone.
   WHERE NOT (c.protocol ? 'eligibility')
)
INSERT INTO protocol_versions (organization_id, number, protocol, label, change_note, created_at)
SELECT organization_id, number, protocol, label,
       'Protocol 2026.2: new safety settings from the clinical review (CLINICAL.md §1–§3, §5); earlier versions unchanged',
       now()
  FROM upgraded;
