import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// Served by the API under /console; shared is compiled from source (its `.js` imports resolve to `.ts`).
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: { '@jyg12345/shared': path.join(here, '../../shared/src/index.ts') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // scripts/size-report.mjs walks it to measure what the first screen loads.
    manifest: true,
  },
  server: {
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:3000' },
  },
});
