import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { ServiceStatus } from '../shared/ServiceStatus';

function Shell() {
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header"><div className="container"><a href="/">ketaclinic</a> · Staff console</div></header>
      <main id="main" className="container">
        <h1>Staff console</h1>
        <p>The staff console</p>
        <ServiceStatus />
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><Shell /></StrictMode>);
