import { createContext, useContext, useEffect, type ReactNode } from 'react';

/** What follows the page title in the browser tab; the patient portal provides its own name. */
export const ProductName = createContext('ketaclinic staff console');

/**
 * The page's one h1; sets the document title to match. It can take focus (tabIndex -1) so the layout
 * can move focus to it after a client-side navigation, as a screen reader user expects on a new page.
 */
export function PageHeading({ children, title, caption }: { children: ReactNode; title: string; caption?: string }) {
  const product = useContext(ProductName);
  useEffect(() => {
    document.title = `${title} — ${product}`;
  }, [title, product]);
  return (
    <>
      {caption ? <span className="caption">{caption}</span> : null}
      <h1 tabIndex={-1} className="page-heading">
        {children}
      </h1>
    </>
  );
}
