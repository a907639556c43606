import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { ServiceStatus } from '../shared/ServiceStatus';

function Shell() {
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header"><div className="container"><a href="/">ketaclinic</a> · Patient portal</div></header>
      <main id="main" className="container">
        <h1>Patient portal</h1>
        <p>Your sessions, questionnaires and progress.</p>
        <ServiceStatus />
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><Shell /></StrictMode>);
