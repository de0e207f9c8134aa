/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `vite --mode mock` serves the UI against an in-memory register (src/lib/mock-backend.ts) so the
// screens can be looked at in a plain browser. Any other mode talks to the Rust backend through
// Tauri's `invoke`; the mock is then dead code and is not emitted into dist/.
/** Fails a release build that would ship the dev-only mock backend. */
function noMockInRelease(mode: string): Plugin {
  return {
    name: 'no-mock-in-release',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (mode === 'mock') return;
      for (const out of Object.values(bundle)) {
        if (out.type === 'chunk' && out.moduleIds.some((id) => id.includes('mock-backend'))) {
          this.error(`${out.fileName} contains the mock backend; it must only be used with --mode mock`);
        }
      }
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [svelte(), noMockInRelease(mode)],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Everything is served from the app bundle; no inline data URLs for a strict CSP to block.
    assetsInlineLimit: 0,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
