import { defineConfig } from 'vitest/config';

// Tauri serves the built files from a custom protocol, so every path is relative.
export default defineConfig({
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: 'dist', target: 'es2021', emptyOutDir: true },
  test: {
    // Pure logic runs in Node; DOM tests opt in with a @vitest-environment happy-dom comment.
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
