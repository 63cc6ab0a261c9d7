/**
 * The missed-promotion suite: a seeded random sequence of merges into main of a small generated
 * project whose models change on every merge (and are added, deleted, and whose seed changes); after each merge the promotion is run, skipped
 * (a deploy run superseded or never started), failed (the merge brought a failing test: the audit
 * fails) or cancelled (aborted mid-way, before publishing). After every successful promotion,
 * production must equal a fresh build of main: every relation checksummed in both.
 *
 * Shared by test/review/missed-promotions.test.ts (src/) and missed-promotions.bench.js (lib/).
 */
import { rmSync } from 'node:fs';
import { seededRandom } from '../generate-project.js';
import { checksumDifferences, createTinyRepo, databaseChecksums } from './tiny-project.js';

/** Seeded, so that a failing sequence can be replayed. */
export { seededRandom };

const PROJECT = {
  'dbt_project.yml': "name: tiny\nversion: '1.0'\nconfig-version: 2\nprofile: tiny\nmodels:\n  tiny:\n    +materialized: table\n",
  '.gitignore': 'profiles.yml\ntarget/\n*.duckdb\n*.duckdb.wal\n',
  'seeds/users.csv': 'user_id,name,country\n1,Ada,FR\n2,Grace,US\n3,Linus,FI\n4,Margaret,US\n5,Alan,GB\n',
  'seeds/ratings.csv': 'rating_id,user_id,rating\n10,1,4.5\n11,1,3.0\n12,2,5.0\n13,3,2.5\n14,4,4.0\n15,5,1.5\n16,5,3.5\n',
};

/** The models of generation `versions` (model name → its constant); `extras` are models added by merges. */
function models(versions, extras) {
  const v = (name) => versions[name] ?? 0;
  const files = {
    'models/m_users.sql': `select user_id, name, country, ${v('m_users')} as v_users from {{ ref('users') }}\n`,
    'models/m_ratings.sql': `select user_id, count(*) as ratings, sum(rating) * ${v('m_ratings') + 1} as score from {{ ref('ratings') }} group by all\n`,
    'models/m_joined.sql': `select u.user_id, u.country, coalesce(r.score, 0) + ${v('m_joined')} as score from {{ ref('m_users') }} as u left join {{ ref('m_ratings') }} as r using (user_id)\n`,
    'models/m_country.sql': `{{ config(materialized='view') }}\nselect country, sum(score) as score, ${v('m_country')} as v_country from {{ ref('m_joined') }} group by all\n`,
    'models/m_top.sql': `select * from {{ ref('m_country') }} where score > ${v('m_top')}\n`,
  };
  for (const [name, parent] of extras) files[`models/${name}.sql`] = `select *, ${v(name)} as v_${name} from {{ ref('${parent}') }}\n`;
  return files;
}

const ACTIONS = ['promote', 'promote', 'promote', 'skip', 'skip', 'fail', 'cancel', 'cancel'];

/**
 * `dailies`: `{ main, promote }` from src/ or lib/. Returns the counts and one entry per merge.
 */
export async function runMissedPromotionSuite(dailies, options = {}) {
  const merges = options.merges ?? 20;
  const random = seededRandom(options.seed ?? 1);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const repo = createTinyRepo({ ...PROJECT, ...models({}, []) });
  const io = (sink) => ({ stdout: (text) => sink.push(text), stderr: (text) => sink.push(text), env: {}, cwd: repo.dir });
  const versions = {};
  const extras = [];
  const counts = { merges: 0, promoted: 0, skipped: 0, failed: 0, cancelled: 0, cancelledAfterPublish: 0, comparisons: 0, mismatches: 0 };
  const history = [];
  let failingTest = null;

  async function compareWithFreshBuild(step) {
    rmSync(repo.freshPath, { force: true });
    rmSync(`${repo.freshPath}.wal`, { force: true });
    const log = [];
    const code = await dailies.main(['build', '--target', 'fresh', '--project-dir', repo.dir], io(log));
    if (code !== 0) throw new Error(`the fresh build of main failed at merge ${step}:\n${log.join('')}`);
    const differences = checksumDifferences(
      await databaseChecksums(repo.freshPath, { skipSchemas: ['dailies_state'] }),
      await databaseChecksums(repo.prodPath, { skipSchemas: ['dailies_state'] }),
    );
    counts.comparisons += 1;
    if (differences.length > 0) counts.mismatches += 1;
    return differences;
  }

  try {
    // production starts as main's first commit, promoted
    const first = await dailies.promote({ projectDir: repo.dir, env: {} });
    if (first.status !== 'published') throw new Error(`the first promotion failed: ${first.error?.message}`);
    for (let step = 1; step <= merges; step++) {
      // the merge: one or two models change, sometimes a model is added or a seed row changes
      if (failingTest) repo.remove(failingTest);
      failingTest = null;
      const names = ['m_users', 'm_ratings', 'm_joined', 'm_country', 'm_top', ...extras.map(([name]) => name)];
      for (let count = 1 + Math.floor(random() * 2); count > 0; count--) {
        const name = pick(names);
        versions[name] = (versions[name] ?? 0) + 1;
      }
      if (random() < 0.2) extras.push([`m_extra_${step}`, pick(names)]);
      // sometimes a model added earlier is deleted again (one nothing else reads)
      const leaves = extras.filter(([name]) => !extras.some(([, parent]) => parent === name));
      if (leaves.length > 0 && random() < 0.15) {
        const [gone] = pick(leaves);
        extras.splice(extras.findIndex(([name]) => name === gone), 1);
        repo.remove(`models/${gone}.sql`);
      }
      if (random() < 0.15) repo.write('seeds/users.csv', `${repo.read('seeds/users.csv')}${100 + step},User ${step},${pick(['FR', 'US', 'DE'])}\n`);
      for (const [file, text] of Object.entries(models(versions, extras))) repo.write(file, text);
      const action = options.actions?.[step - 1] ?? pick(ACTIONS);
      if (action === 'fail') {
        failingTest = `tests/assert_merge_${step}_fails.sql`;
        repo.write(failingTest, "select user_id from {{ ref('m_users') }}\n");
      }
      const sha = repo.commit(`merge ${step}`);
      counts.merges += 1;
      const entry = { step, sha, action, status: null, differences: [] };
      if (action === 'skip') {
        counts.skipped += 1;
      } else {
        const controller = new AbortController();
        const timer = action === 'cancel' ? setTimeout(() => controller.abort(), Math.floor(random() * 400)) : null;
        const result = await dailies.promote({ projectDir: repo.dir, env: {}, signal: controller.signal });
        if (timer) clearTimeout(timer);
        entry.status = result.status;
        if (action === 'fail') {
          if (result.status !== 'failed') throw new Error(`merge ${step}: a promotion whose audit fails was ${result.status}`);
          counts.failed += 1;
        } else if (action === 'cancel' && result.status === 'failed') {
          counts.cancelled += 1;
        } else if (result.status === 'failed') {
          throw new Error(`merge ${step}: the promotion failed: ${result.error?.message}\n${JSON.stringify(result.builds.filter((b) => b.status === 'error' || b.status === 'fail'))}`);
        } else {
          if (action === 'cancel') counts.cancelledAfterPublish += 1;
          else counts.promoted += 1;
          entry.differences = await compareWithFreshBuild(step);
        }
      }
      history.push(entry);
      options.onMerge?.(entry);
    }
    // the last merge is always followed by a promotion that succeeds
    if (failingTest) {
      repo.remove(failingTest);
      repo.commit('remove the failing test');
    }
    const last = await dailies.promote({ projectDir: repo.dir, env: {} });
    if (last.status === 'failed') throw new Error(`the final promotion failed: ${last.error?.message}`);
    const differences = await compareWithFreshBuild(merges + 1);
    history.push({ step: merges + 1, sha: repo.head(), action: 'final promote', status: last.status, differences });
    return { counts, history };
  } finally {
    repo.dispose();
  }
}
