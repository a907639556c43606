import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryProvider } from '../shared/query';
import '../styles.css';
// The form, notice and summary-list styles the console's components use.
import '../console/console.css';
import './portal.css';
import { AuthProvider } from '../shared/auth';
import { ProductName } from '../shared/kit';
import { PortalApp } from './PortalApp';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ProductName.Provider value="ketaclinic patient portal">
        <QueryProvider>
          <AuthProvider>
            <PortalApp />
          </AuthProvider>
        </QueryProvider>
      </ProductName.Provider>
    </StrictMode>,
  );
}
