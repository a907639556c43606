import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import './console.css';
import { App } from './App';
import { AuthProvider } from './auth';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AuthProvider>
        <App />
      </AuthProvider>
    </StrictMode>,
  );
}
