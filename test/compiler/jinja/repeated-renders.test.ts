import { expect, test } from 'vitest';
import { makeEnv, macroFile, target } from './helpers.js';

const env = makeEnv([
  macroFile('root', 'macros/helpers.sql', `{% macro cents_to_dollars(col, scale=2) -%}
    round({{ col }} / 100.0, {{ scale }})
{%- endmacro %}
{% macro column_list(cols) -%}
    {%- for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}`),
]);

const model = `{{ config(materialized='incremental', unique_key='id') }}
with source as (
    select * from {{ ref('stg_orders') }}
),

renamed as (
    select
        {{ column_list(['id', 'customer_id', 'status']) }},
        {{ cents_to_dollars('amount_cents') }} as amount,
        {{ dbt.dateadd('day', 1, 'ordered_at') }} as due_at
    from source
    {% if is_incremental() %}
    where ordered_at > (select max(ordered_at) from {{ this }})
    {% endif %}
)

select *
from renamed
-- 20 lines
`;

function freshGlobals(i: number) {
  return {
    target,
    config: () => '',
    ref: (name: string) => `"warehouse"."analytics"."${name}"`,
    is_incremental: () => i % 2 === 0,
    this: `"warehouse"."analytics"."orders_${i}"`,
  };
}

test('a 20-line model calling 3 macros renders the same way with fresh globals each time', () => {
  let last = '';
  for (let i = 0; i < 200; i++) last = env.render(model, freshGlobals(i), { file: 'models/orders.sql' });
  expect(last).toContain('round(amount_cents / 100.0, 2) as amount');
  expect(last).toContain('id, customer_id, status');
  expect(last).not.toContain('where ordered_at >');
});

test('distinct expression-only models (the fast path) render with their own refs and macros', () => {
  let last = '';
  for (let i = 1; i < 2_000; i += 37) {
    const source = `{{ config(materialized='view') }}\nselect id, name, '{{ target.schema }}' as s\nfrom {{ ref('stg_${i}') }}\nwhere {{ cents_to_dollars('amount') }} > ${i}\n`;
    last = env.render(source, freshGlobals(i), { file: `models/m_${i}.sql` });
  }
  expect(last).toBe(`\nselect id, name, 'analytics' as s\nfrom "warehouse"."analytics"."stg_1999"\nwhere round(amount / 100.0, 2) > 1999\n`);
});
