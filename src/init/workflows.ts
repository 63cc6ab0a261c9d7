/**
 * The three workflows `dailies init` writes for a repository: review each pull request, drop its
 * schema when it closes, promote after a merge. They call the published Action (`uses:`), so the
 * repository needs no Node setup of its own.
 */

/** actions/checkout, pinned as this repository's own workflows pin it. */
export const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
/** actions/upload-artifact, pinned: keeps the full report of each review with the run. */
export const UPLOAD_ARTIFACT = 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2';

export interface WorkflowOptions {
  /** `owner/repo@ref` of the dailies Action. */
  action: string;
  /** The dbt project's folder relative to the repository root ('.' at the root). */
  projectDir: string;
  /** The branch production follows. */
  branch: string;
  /**
   * Snowflake logins by workload identity (GitHub's OIDC token, no stored key): each job then asks
   * for `id-token: write`, which only such jobs get, and passes no user or key.
   */
  workloadIdentity?: boolean;
}

/** The inputs every step passes: where the project is, which targets, the credentials. */
function commonInputs(options: WorkflowOptions): string[] {
  return [
    `          project-dir: ${quote(options.projectDir)}`,
    '          target: ${{ vars.DAILIES_TARGET }}',
    '          prod-target: ${{ vars.DAILIES_PROD_TARGET }}',
    "          production-store: ${{ vars.DAILIES_PRODUCTION_STORE || 'github-release' }}",
    '          snowflake-account: ${{ secrets.SNOWFLAKE_ACCOUNT }}',
    ...(options.workloadIdentity
      ? []
      : ['          snowflake-user: ${{ secrets.SNOWFLAKE_USER }}', '          snowflake-private-key: ${{ secrets.SNOWFLAKE_PRIVATE_KEY }}']),
  ];
}

/** With workload identity, the job may ask GitHub for its OIDC token (which Snowflake's login takes). */
function idToken(options: WorkflowOptions): string[] {
  return options.workloadIdentity ? ["  id-token: write # GitHub's OIDC token, for Snowflake's workload identity login"] : [];
}

function quote(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : JSON.stringify(value);
}

const HEADER = '# Written by `dailies init`. Edit freely: `dailies init` never overwrites it without --force.';

export function reviewWorkflow(options: WorkflowOptions): string {
  return [
    HEADER,
    "# Every pull request gets its dailies: the changed models built in a throw-away schema, tested,",
    '# diffed against production and drawn as lineage, in one sticky comment.',
    'name: dailies review',
    '',
    'on:',
    '  pull_request:',
    '    types: [opened, synchronize, reopened]',
    '',
    'permissions:',
    '  contents: read # also reads the production release asset (DuckDB)',
    '  pull-requests: write',
    '  checks: write',
    ...idToken(options),
    '',
    'concurrency:',
    '  group: dailies-pr-${{ github.event.pull_request.number }}',
    '  cancel-in-progress: true',
    '',
    'jobs:',
    '  review:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    steps:',
    `      - uses: ${CHECKOUT}`,
    '        with:',
    '          fetch-depth: 0 # the review compiles the merge-base of the pull request',
    '          persist-credentials: false',
    `      - id: dailies`,
    `        uses: ${options.action}`,
    '        with:',
    '          command: review',
    ...commonInputs(options),
    '      # the whole report (the comment is shortened to fit GitHub, and links here)',
    `      - uses: ${UPLOAD_ARTIFACT}`,
    "        if: ${{ always() && steps.dailies.outputs.report-path != '' }}",
    '        with:',
    '          name: dailies-report',
    '          path: ${{ steps.dailies.outputs.report-path }}',
    '          retention-days: 30',
    '',
  ].join('\n');
}

export function cleanupWorkflow(options: WorkflowOptions): string {
  return [
    HEADER,
    "# A closed (merged or abandoned) pull request's schema is dropped.",
    'name: dailies cleanup',
    '',
    'on:',
    '  pull_request:',
    '    types: [closed]',
    '',
    'permissions:',
    '  contents: read',
    ...idToken(options),
    '',
    'concurrency:',
    '  group: dailies-pr-${{ github.event.pull_request.number }}',
    '  cancel-in-progress: true',
    '',
    'jobs:',
    '  cleanup:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 10',
    '    steps:',
    `      - uses: ${CHECKOUT}`,
    '        with:',
    '          persist-credentials: false',
    `      - uses: ${options.action}`,
    '        with:',
    '          command: cleanup',
    "          comment: 'off'",
    ...commonInputs(options),
    '',
  ].join('\n');
}

export function deployWorkflow(options: WorkflowOptions): string {
  return [
    HEADER,
    `# After a merge to ${options.branch}: promote what was reviewed into production (write-audit-publish).`,
    '# On DuckDB, production is a database file kept as a release asset (tag dailies-production)',
    "# and replaced after each promotion; on Snowflake production stays in Snowflake.",
    'name: dailies deploy',
    '',
    'on:',
    '  push:',
    `    branches: [${quote(options.branch)}]`,
    '',
    'permissions:',
    '  contents: write # replaces the production release asset (DuckDB); read-only would do on Snowflake',
    ...idToken(options),
    '',
    'concurrency:',
    '  group: dailies-deploy',
    '  cancel-in-progress: false # never interrupt a promotion half-way',
    '',
    'jobs:',
    '  promote:',
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    steps:',
    `      - uses: ${CHECKOUT}`,
    '        with:',
    '          fetch-depth: 0',
    '          persist-credentials: false',
    `      - uses: ${options.action}`,
    '        with:',
    '          command: promote',
    "          comment: 'off'",
    ...commonInputs(options),
    '',
  ].join('\n');
}
