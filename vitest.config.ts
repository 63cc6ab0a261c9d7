import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // the package proof runs on its own: npm run test:packages (vitest.packages.config.ts)
    exclude: ['**/node_modules/**', 'test/packages/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
