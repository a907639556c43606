import { describe, expect, it } from 'vitest';
import { scoreInstrument } from '../../../../src/domain/instruments/index.js';
import { composeQuestionnaireReminder, explainScore } from '../../../../src/domain/questionnaires/index.js';

describe('the result in plain words', () => {
  it.each([
    [[1, 1, 1, 1, 0, 0, 0, 0, 0], 'Your score is 4 out of 27', '“minimal”'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 'Your score is 5 out of 27', '“mild”'],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], 'Your score is 9 out of 27', '“mild”'],
    [[2, 2, 2, 2, 2, 0, 0, 0, 0], 'Your score is 10 out of 27', '“moderate”'],
  ])('PHQ-9 %j → %s, %s', (answers, headline, band) => {
    const e = explainScore(scoreInstrument('phq9', answers));
    expect(e.headline).toBe(headline);
    expect(e.paragraphs.join(' ')).toContain(band);
  });

  it('the C-SSRS screener has no score: thanks, and the care team will look', () => {
    const e = explainScore(scoreInstrument('cssrs_screener', [false, false, null, null, null, false, null]));
    expect(e.headline).toMatch(/^Thank you/);
  });
});

describe('the reminder email', () => {
  const email = composeQuestionnaireReminder({
    givenName: 'Wren',
    clinicName: 'Larkspur Demo Clinic',
    count: 2,
    dueDate: '2026-12-02',
    portalUrl: 'https://clinic.example.test/portal/questionnaires',
  });
  it('names the day and the link, and nothing clinical (an inbox is not the chart)', () => {
    expect(email.subject).toBe('Larkspur Demo Clinic: questions to answer by Wednesday 2 December');
    expect(email.text).toContain('2 short sets of questions');
    expect(email.text).toContain('https://clinic.example.test/portal/questionnaires');
    expect(`${email.subject} ${email.text}`).not.toMatch(/PHQ|GAD|depress|anxi|ketamine|score/i);
    expect(email.text).toContain('988');
  });
});
