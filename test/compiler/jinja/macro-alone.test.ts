import { describe, expect, it } from 'vitest';
import { aloneSource, macroSpans } from '../../../src/compiler/jinja/macro-alone.js';
import { parseMacroFile } from '../../../src/compiler/jinja/macro-files.js';

const FILE = `{#- a comment at the top -#}
{% macro first(x) -%}
  {{ x }} one
{%- endmacro %}

{% test second(model) %}
select * from {{ model }}
{% endtest %}
`;

describe('a macro compiled alone (lazy macro files)', () => {
  it('finds each macro of a file that holds only macros, tests and comments', () => {
    const parsed = parseMacroFile(FILE, 'macros/two.sql');
    const spans = macroSpans(FILE, parsed.macros);
    expect(spans && [...spans.keys()]).toEqual(['first', 'test_second']);
    const alone = aloneSource(FILE, spans!.get('test_second')!);
    // the other macro and the comment are blanked, every line and column kept
    expect(alone.split('\n').length).toBe(FILE.split('\n').length - 1);
    expect(alone).not.toContain('first');
    expect(alone.indexOf('{% test second')).toBe(FILE.indexOf('{% test second'));
    expect(parseMacroFile(alone, 'macros/two.sql').macros.map((macro) => macro.name)).toEqual(['test_second']);
  });

  it('leaves a file with anything else at its top level to be compiled whole', () => {
    const withSet = `{% set shared = 3 %}\n${FILE}`;
    expect(macroSpans(withSet, parseMacroFile(withSet, 'macros/set.sql').macros)).toBeNull();
    const withText = `${FILE}\nselect 1\n`;
    expect(macroSpans(withText, parseMacroFile(withText, 'macros/text.sql').macros)).toBeNull();
  });
});
