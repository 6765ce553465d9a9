import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // No test may leave a process behind: per file (leak-guard) and for the whole run (global-setup).
    globalSetup: ['tests/helpers/global-setup.ts'],
    setupFiles: ['tests/helpers/leak-guard.ts'],
  },
});
