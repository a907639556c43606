import { useCallback, useEffect, useMemo, useRef, useState, type SyntheticEvent, type ReactNode } from 'react';
import { cssrsRiskSoFar, showsCrisisResources } from '../../../../src/domain/intake/index.js';
import { instruments } from '../../../../src/domain/instruments/index.js';
import { CheckAnswers } from './CheckAnswers.js';
import { ErrorSummary } from '../../shared/kit';
import { CrisisPanel } from './components.js';
import { visibleCssrsItems } from './cssrs-visibility.js';
import { ContactDetails, Conditions, ContactTimes, Medicines } from './detail-steps.js';
import { CssrsQuestions, InstrumentQuestions, PainQuestion, PrescreenQuestions } from './question-steps.js';
import {
  finish,
  finishedAtRisk,
  finishedReference,
  loadState,
  saveState,
  startAgain,
  type IntakeState,
} from './state.js';
import { stepsFor, type StepId } from './steps.js';
import { isComplete, newIdempotencyKey, requestBody, sendIntake } from './submit.js';
import { problemsOn, type FieldProblem } from './validate.js';

const titles: Record<StepId, string> = {
  contact: 'Your details',
  conditions: 'What brings you to us?',
  phq9: 'How your mood has been',
  cssrs: 'Thoughts of ending your life',
  gad7: 'How anxious you have felt',
  pcl5: 'Stressful experiences',
  pain: 'Your pain',
  health: 'Your physical health',
  'mental-health': 'Your mental health history',
  medicines: 'Your medicines',
  'contact-times': 'How and when to contact you',
  check: 'Check your answers and send',
};

export interface IntakeAppProps {
  readonly formToken: string;
  readonly clinicName: string;
  readonly clinicPhone: string;
}

/**
 * "Get started": one topic per page (GOV.UK question pages), the browser's back button moves between pages
 * (history entries carry only the page name), answers live in sessionStorage, and errors are summarised
 * under "There is a problem" with links to each field.
 */
export function IntakeApp(props: IntakeAppProps) {
  const [state, setState] = useState<IntakeState>(() => loadState(props.formToken));
  const [reference, setReference] = useState<string | null>(() => finishedReference());
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const summaryErrors = useMemo(() => problems.map((p) => ({ fieldId: p.field, message: p.message })), [problems]);
  const [submitProblem, setSubmitProblem] = useState<ReactNode>(null);
  const [sending, setSending] = useState(false);
  const [honeypot, setHoneypot] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const steps = stepsFor(state);
  const stepId: StepId = (steps as string[]).includes(state.stepId) ? (state.stepId as StepId) : steps[0]!;
  const index = steps.indexOf(stepId);

  useEffect(() => saveState(state), [state]);

  // The browser's back and forward buttons move between pages; the URL never changes (no answers in it).
  useEffect(() => {
    window.history.replaceState({ intakeStep: stepId }, '');
    const onPop = (event: PopStateEvent) => {
      const step = (event.state as { intakeStep?: string } | null)?.intakeStep;
      setProblems([]);
      setSubmitProblem(null);
      setState((s) => ({ ...s, stepId: step ?? 'contact' }));
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  // A new page: move focus to its heading, so keyboard and screen-reader users start at the top.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
    window.scrollTo(0, 0);
  }, [stepId, reference]);

  // The tab title names the page (and says "Error:" while there is a problem), as screen readers announce it.
  const clinicSuffix = props.clinicName ? ` | ${props.clinicName}` : '';
  const pageTitle = reference
    ? 'Request sent'
    : `${problems.length || submitProblem ? 'Error: ' : ''}${titles[stepId]} – Get started`;
  useEffect(() => {
    document.title = `${pageTitle}${clinicSuffix}`;
  }, [pageTitle, clinicSuffix]);

  const update = useCallback(
    (change: (s: IntakeState) => IntakeState) => setState((s) => ({ ...change(s), idempotencyKey: null })),
    [],
  );

  const goTo = (next: StepId) => {
    setProblems([]);
    setSubmitProblem(null);
    window.history.pushState({ intakeStep: next }, '');
    setState((s) => ({ ...s, stepId: next }));
  };

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const found = problemsOn(stepId, state);
    setProblems(found);
    setSubmitProblem(null);
    if (found.length) return;
    if (stepId !== 'check') {
      goTo(steps[index + 1]!);
      return;
    }
    // Every page again, in case answers changed on the way (a page skipped by an edit).
    const missing = steps.find((s) => problemsOn(s, state).length > 0);
    if (missing || !isComplete(state)) {
      goTo(missing ?? 'contact-times');
      return;
    }
    const key = state.idempotencyKey ?? newIdempotencyKey();
    if (!state.idempotencyKey) setState((s) => ({ ...s, idempotencyKey: key }));
    setSending(true);
    const outcome = await sendIntake(requestBody(state, honeypot, steps), key);
    setSending(false);
    switch (outcome.kind) {
      case 'ok':
        finish(outcome.reference, callsForSupportNow(state));
        setReference(outcome.reference);
        return;
      case 'invalid':
        setSubmitProblem(
          <ul>
            {outcome.problems.map((p, i) => (
              <li key={i}>
                {p.step ? (
                  <button type="button" className="button-link" onClick={() => goTo(p.step!)}>
                    {p.message}
                  </button>
                ) : (
                  p.message
                )}
              </li>
            ))}
          </ul>,
        );
        return;
      case 'rate_limited':
        setSubmitProblem(
          <p>
            Too many requests have been sent from this connection. Try again in {outcome.retryAfterMinutes} minutes
            {props.clinicPhone ? `, or call us on ${props.clinicPhone}` : ''}. Your answers are saved in this tab.
          </p>,
        );
        return;
      case 'unavailable':
        setSubmitProblem(
          <p>
            We could not receive your request just now. Try again in a few minutes
            {props.clinicPhone ? `, or call us on ${props.clinicPhone}` : ''}. Your answers are saved in this tab.
          </p>,
        );
        return;
      case 'network':
        setSubmitProblem(
          <p>
            Your request was not sent: check your internet connection and press "Send" again. Your answers are saved in
            this tab.
          </p>,
        );
        return;
      default:
        return outcome satisfies never;
    }
  };

  if (reference) {
    return <Confirmation reference={reference} state={state} heading={heading} clinicPhone={props.clinicPhone} />;
  }

  const errors = Object.fromEntries(problems.map((p) => [p.field, p.message]));
  const stepProps = { state, update, errors };
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby="step-heading">
      {index > 0 && (
        <a
          href="#back"
          className="back-link"
          onClick={(e) => {
            e.preventDefault();
            window.history.back();
          }}
        >
          Back
        </a>
      )}
      <ErrorSummary errors={summaryErrors} extra={submitProblem} />
      <p className="progress">
        Step {index + 1} of {steps.length}
      </p>
      <h1 id="step-heading" tabIndex={-1} ref={heading}>
        {titles[stepId]}
      </h1>
      {stepId === 'contact' && (
        <p className="lead">
          Answer some questions about you and your health. It takes about 10 minutes. A care coordinator will then
          contact you to talk about what happens next. Your answers are kept only in this browser tab until you send
          them.
        </p>
      )}
      {stepId === 'contact' && <ContactDetails {...stepProps} honeypot={honeypot} setHoneypot={setHoneypot} />}
      {stepId === 'conditions' && <Conditions {...stepProps} />}
      {stepId === 'phq9' && <InstrumentQuestions {...stepProps} instrumentId="phq9" />}
      {stepId === 'cssrs' && <CssrsQuestions {...stepProps} />}
      {stepId === 'gad7' && <InstrumentQuestions {...stepProps} instrumentId="gad7" />}
      {stepId === 'pcl5' && <InstrumentQuestions {...stepProps} instrumentId="pcl5" />}
      {stepId === 'pain' && <PainQuestion {...stepProps} />}
      {stepId === 'health' && <PrescreenQuestions {...stepProps} group="physical" />}
      {stepId === 'mental-health' && <PrescreenQuestions {...stepProps} group="mental" />}
      {stepId === 'medicines' && (
        <>
          <Medicines {...stepProps} />
          <PrescreenQuestions {...stepProps} group="medicines" />
        </>
      )}
      {stepId === 'contact-times' && <ContactTimes {...stepProps} />}
      {stepId === 'check' && <CheckAnswers {...stepProps} steps={steps} goTo={goTo} />}
      <div className="form-actions">
        <button type="submit" className="button button-large" disabled={sending}>
          {stepId === 'check' ? (sending ? 'Sending…' : 'Send') : 'Continue'}
        </button>
      </div>
    </form>
  );
}

/** After sending: the reference, what happens next, and — when any answer pointed to risk — the crisis resources again. */
/** PHQ-9 item 9 above "Not at all", or a C-SSRS answer that shows the crisis resources (CLINICAL.md §5). */
function callsForSupportNow(state: IntakeState): boolean {
  const item9 = state.answers.phq9.phq9_9;
  const cssrs = state.answers.cssrs_screener;
  const visible = visibleCssrsItems(cssrs);
  const risk = cssrsRiskSoFar(
    Object.fromEntries(visible.map((id) => [id, cssrs[id] as boolean | undefined])),
    instruments.cssrs_screener.items.map((i) => i.id),
  );
  return (typeof item9 === 'number' && item9 > 0) || showsCrisisResources(risk);
}

function Confirmation({
  reference,
  state,
  heading,
  clinicPhone,
}: {
  reference: string;
  state: IntakeState;
  heading: React.RefObject<HTMLHeadingElement | null>;
  clinicPhone: string;
}) {
  // The answers are gone after a reload; whether they called for support now is kept with the reference.
  const atRisk = finishedAtRisk() || callsForSupportNow(state);
  return (
    <>
      <div className="panel-success">
        <h1 tabIndex={-1} ref={heading}>
          Request sent
        </h1>
        <p>Your reference is</p>
        <p className="reference-number">{reference}</p>
      </div>
      {atRisk && <CrisisPanel urgent sent />}
      <h2>What happens next</h2>
      {atRisk ? (
        <p>
          Some of your answers mean we want to speak with you soon: a member of our care team will try to call you
          today, or on our next working day if we are closed now. Please have your reference ready.
        </p>
      ) : (
        <p>
          A care coordinator will contact you at the times you chose, usually within one working day. Please have your
          reference ready.
        </p>
      )}
      <p>
        If you have not heard from us {atRisk ? 'by the end of our next working day' : 'within two working days'}
        {clinicPhone ? `, call us on ${clinicPhone}` : ', please call the clinic'}.
      </p>
      <p>
        <a href="/what-to-expect">Read what to expect at your assessment</a>
      </p>
      <p>
        <button
          type="button"
          className="button-link"
          onClick={() => {
            startAgain();
            window.location.reload();
          }}
        >
          Start a new request
        </button>
      </p>
    </>
  );
}
