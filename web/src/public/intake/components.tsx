import { crisisResources } from '../../../../src/domain/intake/index.js';

/**
 * Crisis resources, shown at once and announced (role="alert") when an answer is rated moderate or high
 * risk. The form stays usable underneath: the person can still send it.
 */
export function CrisisPanel({
  headingLevel = 2,
  urgent,
  sent = false,
}: {
  headingLevel?: 2 | 3;
  urgent: boolean;
  /** On the confirmation: the form is already sent. */
  sent?: boolean;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="crisis" role={urgent ? 'alert' : undefined} aria-labelledby="crisis-now-heading">
      <Heading id="crisis-now-heading">{urgent ? 'Please get support now' : 'Support is available now'}</Heading>
      <p>Thank you for telling us. You do not have to wait for us to call you back.</p>
      <div className="crisis-actions">
        <a href={`tel:${crisisResources.lifeline.call}`}>Call {crisisResources.lifeline.call}</a>
        <a href={`sms:${crisisResources.lifeline.text}`}>Text {crisisResources.lifeline.text}</a>
        <a href={`tel:${crisisResources.emergency.call}`}>Emergency: call {crisisResources.emergency.call}</a>
      </div>
      <p>The {crisisResources.lifeline.name} is free and confidential, and open day and night.</p>
      <p>
        <strong>What to do now:</strong>
      </p>
      <ul>
        {crisisResources.immediateSteps.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {sent ? (
        <p>
          We have your request and will call you, but this form is not watched around the clock. If you feel unsafe, do
          not wait for our call: use the numbers above now.
        </p>
      ) : (
        <p>
          You can still finish this form and send it. We read every request, but this form is not watched around the
          clock.
        </p>
      )}
    </section>
  );
}
