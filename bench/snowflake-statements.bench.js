#!/usr/bin/env node
/**
 * Statements issued per model build on Snowflake, and the movie project's build time on the local
 * stand-in next to DuckDB's:
 *
 *   npm run build && node bench/snowflake-statements.bench.js [--scale 0.001]
 *
 * Statements are read from the stand-in's log and attributed to nodes by their QUERY_TAG
 * (`dailies:<command>:<node>`); run-level metadata (the schema check, one SHOW and one columns
 * query per schema) is counted apart. Then a PR check (`dailies ci`'s runReview) of a one-model
 * change, as its own PR user, with every statement it sends counted. The stand-in runs on DuckDB behind fakesnow, so its wall times say nothing about
 * Snowflake's; the statement counts are what a real account would see (each ~50–200 ms there).
 * RAW is loaded on DuckDB and copied to the stand-in in bulk (fakesnow re-parses every INSERT).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../lib/compiler/index.js';
import { execFileSync } from 'node:child_process';
import { generateSampleData, loadLandingZone, rawColumnTypes } from '../lib/ingest/index.js';
import { runReview } from '../lib/review/run-review.js';
import { loadProject } from '../lib/project/index.js';
import { runBuild, runFailed } from '../lib/run/index.js';
import { openAdapter } from '../lib/warehouse/index.js';
import { startStandIn } from './snowflake-stand-in.js';

/** Run-level metadata: the schema check, the one listing and the one columns query per schema. */
const METADATA = /^(show terse objects|select schema_name from |select table_name, column_name, .* where table_schema = \? order by)/i;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = process.argv.indexOf('--scale');
const scale = index > 0 ? Number(process.argv[index + 1]) : 0.001;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-sf-statements-'));
for (const part of ['dbt_project.yml', 'models', 'seeds', 'snapshots', 'macros', 'data-tests', 'analyses']) fs.cpSync(path.join(repoRoot, part), path.join(work, part), { recursive: true });
// the movie project has no delete+insert model: the bench's copy gets fct_ratings once more under that strategy
const ratings = fs.readFileSync(path.join(work, 'models', 'marts', 'fct_ratings.sql'), 'utf8');
if (!ratings.includes("incremental_strategy='merge'")) throw new Error('fct_ratings.sql no longer says incremental_strategy=\'merge\': update the bench');
fs.writeFileSync(path.join(work, 'models', 'marts', 'bench_fct_ratings_delete_insert.sql'), ratings.replace("incremental_strategy='merge'", "incremental_strategy='delete+insert'"));
const standIn = await startStandIn();
const duckPath = path.join(work, 'movies.duckdb');
fs.writeFileSync(
  path.join(work, 'profiles.yml'),
  JSON.stringify({
    movie_analytics: {
      target: 'duck',
      outputs: {
        duck: { type: 'duckdb', path: duckPath, schema: 'main', threads: 4 },
        snowflake_local: { type: 'snowflake', account: 'dailies', user: 'bench', password: 'stand-in', access_url: standIn.url, database: 'DAILIES', schema: 'ANALYTICS', threads: 4 },
        // the review connects as its own user and role (it refuses production's identity)
        snowflake_pr: { type: 'snowflake', account: 'dailies', user: 'bench_pr', role: 'DAILIES_PR', password: 'stand-in', access_url: standIn.url, database: 'DAILIES', schema: 'ANALYTICS', threads: 4 },
      },
    },
  }),
);

async function build(targetName, adapter) {
  const project = await loadProject({ projectDir: work, target: targetName, env: {} });
  const compiler = await compileProject(project, { adapter });
  const started = performance.now();
  const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 4, targetDir: path.join(work, 'target') });
  if (runFailed(results)) throw new Error(`the ${targetName} build failed: ${results.results.filter((r) => r.status === 'error').map((r) => r.message).join('\n')}`);
  return { seconds: (performance.now() - started) / 1000, manifest: compiler.manifest, results };
}

try {
  await generateSampleData({ outDir: path.join(work, 'landing'), scale });
  const duck = await openAdapter((await loadProject({ projectDir: work, target: 'duck', env: {} })).target);
  let duckBuild;
  try {
    await loadLandingZone({ adapter: duck, zone: path.join(work, 'landing'), columnTypes: rawColumnTypes(await loadProject({ projectDir: work, target: 'duck', env: {} }), 'raw') });
    duckBuild = await build('duck', duck);
  } finally {
    await duck.close();
  }
  const openSnowflake = async () => openAdapter((await loadProject({ projectDir: work, target: 'snowflake_local', env: {} })).target);
  let snowflake = await openSnowflake();
  try {
    await standIn.copyFromDuckDB(duckPath, 'raw', 'DAILIES', 'RAW');
    const runs = [];
    for (const label of ['first build', 'second build (incremental merges)']) {
      // each build is one run: a fresh adapter, so its metadata cache starts empty
      await snowflake.close();
      snowflake = await openSnowflake();
      await standIn.resetStatements();
      const built = await build('snowflake_local', snowflake);
      const log = await standIn.statements();
      const byNode = new Map();
      for (const statement of log) {
        const node = METADATA.test(statement.sql) ? '(run)' : ((statement.queryTag ?? '').split(':').find((part) => /^(model|seed|snapshot|test)\./.test(part)) ?? '(run)');
        byNode.set(node, [...(byNode.get(node) ?? []), statement.sql]);
      }
      runs.push({ label, built, log, byNode });
    }
    const kinds = (manifest, id) => {
      const node = manifest.nodes[id];
      if (!node) return 'run-level';
      if (node.resource_type !== 'model') return node.resource_type;
      return node.config.materialized === 'incremental' ? `incremental (${node.config.incremental_strategy ?? (node.config.unique_key ? 'merge' : 'append')})` : node.config.materialized;
    };
    const lines = [`Machine: nproc ${os.cpus().length}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; movie project, --scale ${scale}`, ''];
    lines.push('| run | kind | nodes | statements per node (min / median / max) |', '|---|---|---:|---|');
    for (const run of runs) {
      const groups = new Map();
      for (const [id, statements] of run.byNode) if (id !== '(run)') groups.set(kinds(run.built.manifest, id), [...(groups.get(kinds(run.built.manifest, id)) ?? []), statements.length]);
      for (const [kind, counts] of [...groups].sort()) {
        counts.sort((a, b) => a - b);
        lines.push(`| ${run.label} | ${kind} | ${counts.length} | ${counts[0]} / ${counts[Math.floor(counts.length / 2)]} / ${counts.at(-1)} |`);
      }
      const shows = run.log.filter((statement) => /^show terse objects/i.test(statement.sql)).length;
      const metadata = run.log.filter((statement) => METADATA.test(statement.sql)).length;
      const schemas = new Set(Object.values(run.built.manifest.nodes).filter((n) => n.relation_name).map((n) => n.schema.toLowerCase())).size;
      lines.push(`| ${run.label} | run-level metadata | | ${metadata} (${shows} schema listings for ${schemas} schemas) |`);
      lines.push(`| ${run.label} | all | ${run.built.results.results.length} | ${run.log.length} statements in all |`);
    }
    // a PR check: one mart changed on a branch, reviewed into PR_1 against the production just built
    const git = (...args) => execFileSync('git', ['-C', work, ...args], { stdio: 'pipe' });
    fs.writeFileSync(path.join(work, '.gitignore'), 'target/\nlanding/\n*.duckdb*\nprofiles.yml\n');
    git('init', '--quiet', '--initial-branch', 'main');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '-A');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '--quiet', '-m', 'production');
    git('checkout', '--quiet', '-b', 'round-ratings');
    const dimUsers = path.join(work, 'models', 'marts', 'dim_users.sql');
    fs.writeFileSync(dimUsers, fs.readFileSync(dimUsers, 'utf8').replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '--quiet', '-am', 'round ratings');
    await standIn.resetStatements();
    const reviewStarted = performance.now();
    const review = await runReview({ projectDir: work, profilesDir: work, target: 'snowflake_pr', prodTarget: 'snowflake_local', env: {}, baseRef: 'main', pr: { number: 1, title: 'bench' } });
    const reviewSeconds = (performance.now() - reviewStarted) / 1000;
    if (review.error) throw new Error(`the review failed: ${JSON.stringify(review.error)}`);
    const reviewLog = await standIn.statements();
    const builtModels = review.builds.filter((build) => build.resourceType === 'model').length;
    const reviewKinds = new Map();
    for (const statement of reviewLog) {
      const kind = METADATA.test(statement.sql)
        ? 'metadata (listings, columns, schema checks)'
        : /^(model|seed|snapshot)\./.test((statement.queryTag ?? '').split(':').at(-1) ?? '') ? 'model builds'
        : /^test\./.test((statement.queryTag ?? '').split(':').at(-1) ?? '') ? 'tests'
        : 'diffs, grants, schema and the rest';
      reviewKinds.set(kind, (reviewKinds.get(kind) ?? 0) + 1);
    }
    lines.push('', `PR check (one mart changed; ${builtModels} models built, ${review.builds.length - builtModels} tests, ${review.diffs.length} diffs; ${reviewSeconds.toFixed(2)} s on the stand-in):`, '', '| statements | count |', '|---|---:|');
    for (const [kind, count] of [...reviewKinds].sort()) lines.push(`| ${kind} | ${count} |`);
    lines.push(`| all | ${reviewLog.length} |`);
    if (process.argv.includes('--verbose')) for (const statement of reviewLog) console.log('review', statement.queryTag, statement.sql.split('\n')[0].slice(0, 120));
    lines.push('', '| warehouse | movie build wall time |', '|---|---:|', `| DuckDB (embedded) | ${duckBuild.seconds.toFixed(2)} s |`, `| Snowflake stand-in (fakesnow on DuckDB, HTTP) | ${runs[0].built.seconds.toFixed(2)} s |`);
    console.log(lines.join('\n'));
    if (process.argv.includes('--verbose')) for (const [node, statements] of runs[1].byNode) console.log(node, '\n  ' + statements.map((s) => s.split('\n')[0].slice(0, 140)).join('\n  '));
  } finally {
    await snowflake.close();
  }
} finally {
  standIn.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
