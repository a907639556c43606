import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { LandingPage } from './LandingPage';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><LandingPage /></StrictMode>);
