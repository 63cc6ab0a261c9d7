/**
 * A few numbers worth printing after the demo, read from the marts the project built.
 * Models that a project does not have are passed over, so the demo works on trimmed projects too.
 */
import type { Manifest } from '../graph/types.js';
import type { Adapter } from '../warehouse/adapter.js';

export interface Headlines {
  lines: string[];
}

interface Headline {
  model: string;
  describe(relation: string, adapter: Adapter): Promise<string | null>;
}

const headlines: Headline[] = [
  {
    model: 'fct_ratings',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(`select count(*) as ratings, count(distinct user_id) as users, round(avg(rating), 2) as mean from ${relation}`);
      const row = rows[0]!;
      return `${Number(row.ratings).toLocaleString('en-US')} ratings from ${Number(row.users).toLocaleString('en-US')} users, mean ${row.mean} stars`;
    },
  },
  {
    model: 'rpt_genre_year_ratings',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select genre, round(sum(rating_sum) / sum(rating_count), 2) as mean, sum(rating_count) as ratings from ${relation} group by genre having sum(rating_count) >= 100 order by mean desc, genre limit 3`,
      );
      if (rows.length === 0) return null;
      return `top-rated genres: ${rows.map((row) => `${row.genre} (${row.mean})`).join(', ')}`;
    },
  },
  {
    model: 'rpt_watch_time_by_country',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select country, round(sum(hours_watched), 1) as hours from ${relation} group by country order by hours desc, country limit 3`,
      );
      if (rows.length === 0) return null;
      return `most watch time: ${rows.map((row) => `${row.country} ${Number(row.hours).toLocaleString('en-US')} h`).join(', ')}`;
    },
  },
  {
    model: 'users_snapshot',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select count(*) as versions, count(*) filter (where dbt_valid_to is not null) as closed, count(distinct user_id) filter (where dbt_valid_to is not null) as changed_users from ${relation}`,
      );
      const row = rows[0]!;
      return `users_snapshot: ${row.versions} versions, ${row.closed} closed by day 2 changes (${row.changed_users} users changed country or plan)`;
    },
  },
  {
    model: 'rpt_regulatory',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select line_of_business, claims_settled, share_settled_within_window as share, incurred_claims_ratio as icr from ${relation} order by claims_filed desc, line_of_business`,
      );
      if (rows.length === 0) return null;
      const parts = rows.map((row) => `${row.line_of_business} ${(Number(row.share) * 100).toFixed(1)}% of ${row.claims_settled} (ICR ${Number(row.icr).toFixed(2)})`);
      return `claims settled within the mandated window: ${parts.join(', ')}`;
    },
  },
  {
    model: 'rpt_fraud_signals',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select count(*) as claims, sum(case when signal_count >= 2 then 1 else 0 end) as multi, sum(case when flag_shared_bank_account then 1 else 0 end) as shared, sum(case when flag_repeated_claims then 1 else 0 end) as repeated from ${relation}`,
      );
      const row = rows[0]!;
      return `${row.claims} claims raise a fraud signal (${row.multi} more than one; ${row.shared} paid to a shared bank account, ${row.repeated} repeated claims)`;
    },
  },
  {
    model: 'policies_snapshot',
    async describe(relation, adapter) {
      const { rows } = await adapter.execute(
        `select count(*) as versions, sum(case when dbt_valid_to is not null then 1 else 0 end) as closed, count(distinct case when dbt_valid_to is not null then policy_id end) as changed from ${relation}`,
      );
      const row = rows[0]!;
      return `policies_snapshot: ${row.versions} versions, ${row.closed} closed by later days' changes (${row.changed} policies upgraded, downgraded, lapsed or reinstated)`;
    },
  },
];

export async function headlineNumbers(adapter: Adapter, manifest: Manifest): Promise<Headlines> {
  const byName = new Map(Object.values(manifest.nodes).map((node) => [node.name, node]));
  const lines: string[] = [];
  for (const headline of headlines) {
    const relation = byName.get(headline.model)?.relation_name;
    if (!relation) continue;
    const line = await headline.describe(relation, adapter);
    if (line) lines.push(line);
  }
  return { lines };
}
