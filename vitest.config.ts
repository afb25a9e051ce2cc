import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/summary-reporter.ts'],
    // Several tests run the built CLI as a user would; a cold machine needs more than the default.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
