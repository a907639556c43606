import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryProvider } from '../shared/query';
import '../styles.css';
import './console.css';
import { App } from './App';
import { AuthProvider } from '../shared/auth';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryProvider>
        <AuthProvider>
          <App />
        </AuthProvider>
      </QueryProvider>
    </StrictMode>,
  );
}
