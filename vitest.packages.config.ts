import { defineConfig } from 'vitest/config';

/** `npm run test:packages`: the package proof (real dbt packages from ../shared/dbt-packages), apart from `npm test`. */
export default defineConfig({
  test: {
    include: ['test/packages/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
