/** The public landing page. The education pages and "Get started" intake grow from here. */
export function LandingPage() {
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="site-header">
        <div className="container"><strong>ketaclinic</strong></div>
      </header>
      <main id="main" className="container">
        <h1>Ketamine therapy, explained</h1>
        <p>
          Ketamine, given in a clinic by intramuscular injection or intravenous infusion, can help people with
          treatment-resistant depression, anxiety, PTSD and chronic pain when other treatments have not.
        </p>
        <p><a className="button" href="/get-started">Get started</a></p>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>If you are in crisis, call or text 988 (Suicide &amp; Crisis Lifeline) or call 911.</p>
        </div>
      </footer>
    </>
  );
}
