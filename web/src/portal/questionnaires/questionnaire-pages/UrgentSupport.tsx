import { crisisResources } from '../../../../../src/domain/intake/crisis-resources';

/** Shown on the same screen as the result when the answers raised an urgent task for the care team. */
export function UrgentSupport() {
  const { lifeline, emergency } = crisisResources;
  return (
    <section className="notice notice--warning urgent-support" aria-labelledby="urgent-support-title" role="alert">
      <h2 id="urgent-support-title">Please talk to someone now</h2>
      <p>
        Some of your answers tell us you may be having thoughts of hurting yourself. You do not have to wait: support is
        there right now, day and night.
      </p>
      <ul className="urgent-support__actions">
        <li>
          <a className="button" href={`tel:${lifeline.call}`}>
            Call {lifeline.call}
          </a>{' '}
          or{' '}
          <a className="button button--secondary" href={`sms:${lifeline.text}`}>
            Text {lifeline.text}
          </a>{' '}
          — {lifeline.name}, free and confidential
        </li>
        <li>
          <a className="button button--warning" href={`tel:${emergency.call}`}>
            Call {emergency.call}
          </a>{' '}
          if you are in danger now, or go to the nearest emergency department
        </li>
      </ul>
      <p>
        <strong>We have told your care team.</strong> Someone from the clinic will contact you. If you do not hear from
        them today, call the clinic.
      </p>
    </section>
  );
}
