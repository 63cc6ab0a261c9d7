import { describe, expect, it } from 'vitest';
import { createJinjaEnvironment } from '../../src/compiler/jinja/index.js';
import { callArguments } from '../../src/compiler/jinja/index.js';
import { parseSimpleTemplate, renderSimpleTemplate } from '../../src/compiler/simple-template.js';

const macroFile = {
  absPath: '/p/macros/m.sql',
  relPath: 'macros/m.sql',
  pathInResourceDir: 'm.sql',
  packageName: 'p',
  contents: "{% macro audit() %}\n  current_timestamp as loaded_at\n{% endmacro %}\n{% macro safe_divide(a, b) %}\n  {{ return('case when ' ~ b ~ ' = 0 then null else ' ~ a ~ ' / ' ~ b ~ ' end') }}\n{% endmacro %}",
};
const env = createJinjaEnvironment({ adapterType: 'duckdb', rootPackage: 'p', packageNames: ['p'], macroFiles: [macroFile], dispatch: [] });

class FakeRelation {
  constructor(private readonly text: string) {}
  render(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}

function globals(calls: string[]): Record<string, unknown> {
  const record = (name: string) => (...args: unknown[]) => {
    const call = callArguments(args);
    calls.push(`${name}(${JSON.stringify(call.positional)}, ${JSON.stringify(call.keywords)})`);
    return name === 'config' ? '' : name === 'var' ? 42 : new FakeRelation(`"${call.positional.join('"."')}"`);
  };
  return { ref: record('ref'), source: record('source'), config: record('config'), var: record('var'), env_var: record('env_var'), this: new FakeRelation('"me"') };
}

describe('the simple-template fast path', () => {
  const templates = [
    "{{ config(materialized='table', tags=['a', \"b\"], enabled=true, batch=3) }}\nselect * from {{ ref('orders') }}\n",
    "select *\n{# a comment #}from {{ source('raw', 'orders') }} join {{ ref( 'pkg' , 'm' ) }}\nwhere x = {{ var('n') }} and y = {{ this }}",
    'select 1 -- }} is only text here\n',
    "select {{ audit() }}, {{ safe_divide('x', 'y') }}, {{ p.audit() }}\nfrom t\n{% if is_incremental() %}\nwhere id > (select max(id) from {{ this }})\n{% endif %}\ngroup by 1\n",
  ];

  for (const template of templates) {
    it(`renders exactly as the template engine: ${JSON.stringify(template.slice(0, 40))}`, () => {
      const fastCalls: string[] = [];
      const slowCalls: string[] = [];
      const pieces = parseSimpleTemplate(template);
      expect(pieces).toBeDefined();
      const fastGlobals = { ...globals(fastCalls), is_incremental: () => false };
      const callMacro = (namespace: string | null, name: string, positional: unknown[], keywords: Record<string, unknown>) =>
        env.findMacro(name, namespace ?? 'p') ? { value: env.callMacro(name, positional, keywords, fastGlobals, undefined, namespace ?? 'p') } : undefined;
      const fast = renderSimpleTemplate(pieces!, fastGlobals, callMacro);
      expect(fast).toBe(env.render(template, { ...globals(slowCalls), is_incremental: () => false }, { file: 'm.sql' }));
      expect(fastCalls).toEqual(slowCalls);
    });
  }

  it('leaves anything else to the template engine', () => {
    expect(parseSimpleTemplate("{% if execute %}x{% endif %}")).toBeUndefined();
    expect(parseSimpleTemplate("{{ ref('a').identifier }}")).toBeUndefined();
    expect(parseSimpleTemplate("{{ ref(name) }}")).toBeUndefined();
    expect(parseSimpleTemplate("{{- ref('a') }}")).toBeUndefined();
    expect(renderSimpleTemplate(parseSimpleTemplate("{{ my_macro('a') }}")!, {})).toBeUndefined();
    expect(parseSimpleTemplate('{% if is_incremental() %}{% if x %}{% endif %}{% endif %}')).toBeUndefined();
    expect(renderSimpleTemplate(parseSimpleTemplate("{{ var('flag') }}")!, { var: () => true })).toBeUndefined();
  });
});
