/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend (exam-room/server) listens on :8080 during development; the built UI is served by it from the jar.
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    // Packaged by Maven: the jar carries META-INF/exam-room/web/**.
    outDir: 'target/classes/META-INF/exam-room/web',
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/upload-audio': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    pool: 'threads',
    maxWorkers: 1,
  },
});
