import { crisisResources } from '../../../src/domain/intake/crisis-resources';

/**
 * On every portal page, signed in or not: help is one tap away (STYLE.md "never a dead end"). Kept to
 * two short lines so that on a phone it does not push the page itself out of sight.
 */
export function CrisisResources() {
  const { lifeline, emergency } = crisisResources;
  return (
    <aside className="crisis" aria-labelledby="crisis-title">
      <div className="crisis__inner">
        <div className="crisis__row">
          <h2 id="crisis-title" className="crisis__title">
            Need help now?
          </h2>
          <ul className="crisis__actions">
            <li>
              <a className="crisis__link" href={`tel:${lifeline.call}`}>
                Call {lifeline.call}
              </a>
            </li>
            <li>
              <a className="crisis__link" href={`sms:${lifeline.text}`}>
                Text {lifeline.text}
              </a>
            </li>
            <li>
              <a className="crisis__link crisis__link--emergency" href={`tel:${emergency.call}`}>
                Call {emergency.call}
              </a>
            </li>
          </ul>
        </div>
        <p className="crisis__note">
          {lifeline.name}: free and confidential, any time. In an emergency, call {emergency.call} or go to the nearest
          emergency department.
        </p>
      </div>
    </aside>
  );
}
