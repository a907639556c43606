import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { IntakeApp } from './intake/IntakeApp';

/**
 * The "Get started" form, mounted into the server-rendered /get-started page (src/site/pages/get-started.ts),
 * which provides the signed form token and the clinic's phone number. The public pages need no script.
 */
const root = document.getElementById('intake-root');
if (root) {
  const formToken = root.dataset.formToken ?? '';
  if (!formToken) {
    // Only the server-rendered page carries a token; anything else (the bare Vite entry) goes there.
    window.location.replace('/get-started');
  } else {
    createRoot(root).render(
      <StrictMode>
        <IntakeApp
          formToken={formToken}
          clinicName={root.dataset.clinicName ?? ''}
          clinicPhone={root.dataset.clinicPhone ?? ''}
        />
      </StrictMode>,
    );
  }
}
