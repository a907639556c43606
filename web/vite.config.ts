import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';

// Three entry points, one build: the public site (/), the staff console (/app), the patient portal (/portal).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // The server finds the intake script of the server-rendered /get-started page here (decision 005).
    manifest: true,
    rolldownOptions: {
      input: {
        public: path.join(import.meta.dirname, 'index.html'),
        console: path.join(import.meta.dirname, 'app/index.html'),
        portal: path.join(import.meta.dirname, 'portal/index.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
