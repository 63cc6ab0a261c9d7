/** The profiles.yml `dailies init` writes: DuckDB (the default) and Snowflake, credentials from the environment. */
export function profilesTemplate(profile: string, options: { workloadIdentity?: boolean } = {}): string {
  const name = /^[\w-]+$/.test(profile) ? profile : JSON.stringify(profile);
  const login = options.workloadIdentity
    ? `      # workload identity: the Action passes GitHub's OIDC token (the job has id-token: write)
      authenticator: workload_identity
      workload_identity_provider: oidc
      token: "{{ env_var('SNOWFLAKE_OIDC_TOKEN', '') }}"`
    : `      user: "{{ env_var('SNOWFLAKE_USER') }}"
      private_key: "{{ env_var('SNOWFLAKE_PRIVATE_KEY') }}"`;
  return `# Written by \`dailies init\`. Safe to commit: credentials come from the environment (env_var).
${name}:
  target: dev
  outputs:
    # The embedded default (what dailies uses with no profiles.yml): production is the schema
    # "main" of target/dev.duckdb; the workflows keep the file between runs as a release asset
    # (or in S3, see DAILIES_PRODUCTION_STORE). Pull requests build in their own schemas (pr_<number>).
    dev:
      type: duckdb
      path: target/dev.duckdb
      schema: main
      threads: 4

    # Snowflake: pull requests build as a role that can read production and owns only the PR
    # schemas; promotion runs as the production role. Set the repository variables
    # DAILIES_TARGET=snowflake and DAILIES_PROD_TARGET=snowflake_prod, and the SNOWFLAKE_* secrets.
    snowflake:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
${login}
      role: DAILIES_PR
      warehouse: DAILIES_WH
      database: ANALYTICS
      schema: PUBLIC
      threads: 8
    snowflake_prod:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
${login}
      role: DAILIES_PROD
      warehouse: DAILIES_WH
      database: ANALYTICS
      schema: PUBLIC
      threads: 8
`;
}
