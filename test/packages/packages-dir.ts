/** Where the five unmodified dbt packages are: ../shared/dbt-packages, or $DAILIES_DBT_PACKAGES. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const packagesDir = resolve(process.env.DAILIES_DBT_PACKAGES ?? join(repoRoot, '..', 'shared', 'dbt-packages'));
export const PACKAGES = ['dbt_utils', 'dbt_date', 'audit_helper', 'dbt_expectations', 'codegen'];
/** True when all five are there (the suites skip otherwise). */
export const packagesPresent = PACKAGES.every((name) => existsSync(join(packagesDir, name, 'dbt_project.yml')));
