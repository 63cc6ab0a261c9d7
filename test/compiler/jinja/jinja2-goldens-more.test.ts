/**
 * More golden values from Jinja2 3.1.6 as dbt-core 1.11 ships it (the `do` and `loopcontrols`
 * extensions): each expected text or error was printed by Jinja2 itself (`jinja2.Environment(...)
 * .from_string(t).render(x=1, items=…)` in /tmp/dbtvenv, outside the repository), and the
 * errors were checked with `dbt parse`/`dbt compile` on a scratch project.
 */
import { describe, expect, test } from 'vitest';
import { makeEnv } from './helpers.js';

const env = makeEnv();
const items = [{ n: 1, c: [{ n: 2, c: [{ n: 3 }] }] }, { n: 4 }];
const render = (source: string) => env.render(source, { x: 1, items }, { file: 'models/golden.sql' });

const GOLDENS: [name: string, template: string, expected: string][] = [
  ['integer key', "{{ {1: 'a'} }}|{{ {1:'a'}[1] }}|{% for k in {1: 'a'} %}{{ k + 1 }}{% endfor %}", "{1: 'a'}|a|2"],
  ['mixed keys keep insertion order', "{{ {'b': 1, 2: 'x', 'a': 3} }}|{% for k in {2: 0, 1: 0} %}{{ k }}{% endfor %}", "{'b': 1, 2: 'x', 'a': 3}|21"],
  ['True, None and float keys', "{{ {True: 1, None: 2, 1.5: 3} }}|{{ {None: 3}[None] }}|{{ None in {None: 1} }}|{{ 1 in {1: 2} }}", '{True: 1, None: 2, 1.5: 3}|3|True|True'],
  ['equal keys merge, the first spelling stays', "{{ {1: 'a', True: 'b'} }}|{{ {True: 3}[1] }}|{{ {1.0: 'f'}[1] }}", "{1: 'b'}|3|f"],
  ['integer-like string keys keep their order', "{{ {'1': 'a', '0': 'b'} }}|{{ {'10': 1, '2': 2, 'x': 3} }}|{{ ({'10': 1, '2': 2}).copy() }}", "{'1': 'a', '0': 'b'}|{'10': 1, '2': 2, 'x': 3}|{'10': 1, '2': 2}"],
  ['tuple key', "{{ {(1,2): 'a'} }}", "{(1, 2): 'a'}"],
  ['variable key keeps its type', "{% set k = 3 %}{{ {k: 'v', 'w': k} }}|{{ {k ~ '': 1} }}", "{3: 'v', 'w': 3}|{'3': 1}"],
  ['nested dicts with integer keys', "{{ {1: {2: 'x'}} }}|{{ {1: {2: 'x'}}[1][2] }}|{{ [{1: 2}] }}|{{ {'a': {1: 2}}.a }}|{{ {1: 'a'} == {1: 'a'} }}", "{1: {2: 'x'}}|x|[{1: 2}]|{1: 2}|True"],
  ['dict methods with non-string keys', "{% set d = {'a':1} %}{% do d.update({2: 'b'}) %}{{ d }}|{% do d.setdefault(None, 0) %}{{ d }}|{{ d.pop(2) }}|{{ d }}|{{ {1: 'a'}.get(1) }}", "{'a': 1, 2: 'b'}|{'a': 1, 2: 'b', None: 0}|b|{'a': 1, None: 0}|a"],
  ['filters on non-string keys', "{{ {1: 'a', 2: 'b'} | dictsort }}|{{ {1: 'a'} | length }}|{{ {1: 'a'} | list }}|{{ {1: 'a'} | tojson }}|{{ {None: 1} | tojson }}|{{ {True: 1, 2: None} | tojson }}", '[(1, \'a\'), (2, \'b\')]|1|[1]|{"1": "a"}|{"null": 1}|{"true": 1, "2": null}'],
  ['dict views print as Python', "{% set d = {'a': 1, 'b': 2} %}{{ d.keys() }}|{{ d.values() }}|{{ d.items() }}|{{ {}.keys() }}|{{ {1: 'a'}.items() }}", "dict_keys(['a', 'b'])|dict_values([1, 2])|dict_items([('a', 1), ('b', 2)])|dict_keys([])|dict_items([(1, 'a')])"],
  ['dict views act as lists', "{% set d = {'a': 1, 'b': 2} %}{{ d.keys() | list }}|{{ d.items() | list }}|{{ 'a' in d.keys() }}|{{ d.keys() | length }}|{% for k in d.keys() %}{{ k }}{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}|{{ d.keys() | join(',') }}|{{ {'b':1,'a':2}.keys() | sort }}|{{ d.items() | first }}", "['a', 'b']|[('a', 1), ('b', 2)]|True|2|ab|a=1b=2|a,b|['a', 'b']|('a', 1)"],
  ['dict view equality', "{% set d = {'a': 1} %}{{ d.keys() == d.keys() }}|{{ d.items() == [('a', 1)] }}|{{ d.values() == d.values() }}", 'True|False|False'],
  ['call block on a macro reading kwargs', "{% macro m() %}M{{ kwargs | length }}{% endmacro %}{% call m() %}x{% endcall %}", 'M1'],
  ['caller read by a nested macro', "{% macro m() %}M{% macro inner() %}{{ caller() }}{% endmacro %}{% endmacro %}{% call m() %}x{% endcall %}", 'M'],
  ['caller with arguments', "{% macro m() %}{{ caller(1) }}{% endmacro %}{% call(v) m() %}v={{ v }}{% endcall %}", 'v=1'],
  ['dict() keeps key types', "{{ dict([(1, 'a'), ('b', 2)]) }}|{{ dict({1: 'x'}, y=2) }}|{{ dict(a=1) }}", "{1: 'a', 'b': 2}|{1: 'x', 'y': 2}|{'a': 1}"],
  ['recursive loop with depth', '{% for x in items recursive %}[{{ x.n }}:{{ loop.depth }}:{{ loop.depth0 }}{% if x.c %}{{ loop(x.c) }}{% endif %}]{% endfor %}', '[1:1:0[2:2:1[3:3:2]]][4:1:0]'],
  ['recursive loop keeps each level\'s loop', '{% for x in items recursive %}{{ loop.index }}{{ x.n }}{%- if x.c -%}<{{ loop(x.c) }}>{%- endif %}{{ loop.index }}{% endfor %}|{{ x }}', '11<12<131>1>1242|1'],
  ['recursive loop with a filter', '{% for x in items if x.n > 1 recursive %}{{ x.n }}{% if x.c %}({{ loop(x.c) }}){% endif %}{% endfor %}', '4'],
  ['nested loops are each at depth 1', '{% for x in items %}{{ loop.depth }}{{ loop.depth0 }}{% for y in [1] %}{{ loop.depth }}{% endfor %}{% endfor %}', '101101'],
  ['recursive loop with else', '{% for x in [] recursive %}a{% else %}empty{% endfor %}', 'empty'],
  ['recursive loop in a macro', '{% macro tree(nodes) %}{% for x in nodes recursive %}{{ x.n }}{% if x.c %}{{ loop(x.c) }}{% endif %}{% endfor %}{% endmacro %}{{ tree(items) }}', '1234'],
  ['recursive loop over pairs', "{% for k, v in [('a', [('b', [])])] recursive %}{{ k }}{{ loop.depth }}{{ loop(v) }}{% endfor %}", 'a1b2'],
  ['recursive call as a value', "{% for x in items recursive %}{% set s = loop(x.c) if x.c else '' %}{{ x.n }}{{ s | length }}{% endfor %}", '1240'],
  ["namespace attributes named like dict methods", "{% set ns = namespace(items=[], n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% do ns.items.append(i) %}{% endfor %}{{ ns.n }}|{{ ns.items }}|{{ ns }}", "3|[0, 1, 2]|<Namespace {'items': [0, 1, 2], 'n': 3}>"],
  ["namespace flag set in a loop", "{% set ns = namespace(found=false) %}{% for i in [1, 2] %}{% if i == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}|{{ ns.missing }}|{{ ns is mapping }}", "True||False"],
  ["tuple + tuple, sum of lists", "{{ (1, 2) + (3,) }}|{{ [1] + [2] }}|{{ [[1, 2], [3]] | sum(start=[]) }}", "(1, 2, 3)|[1, 2]|[1, 2, 3]"],
  ["%g formatting", "{{ '%g' % 1234567 }}|{{ '%g' % 0.00001234 }}|{{ '%g' % 100000 }}|{{ '%g' % 1e16 }}|{{ '%.2g' % 123 }}|{{ '%G' % 1e-10 }}|{{ '%g' % 0 }}|{{ '%g' % 2.5 }}", "1.23457e+06|1.234e-05|100000|1e+16|1.2e+02|1E-10|0|2.5"],
  ["tojson filter escapes as Jinja2, ensure_ascii; is sequence on dicts", "{{ \"<a'&>\u00e9\ud83d\ude00\" | tojson }}|{{ {'k': \"<\"} | tojson }}|{{ {'\u00e9': 1} | tojson }}|{{ [] is sequence }}|{{ {} is sequence }}|{{ 'a' is sequence }}|{{ {} is iterable }}", "\"\\u003ca\\u0027\\u0026\\u003e\\u00e9\\ud83d\\ude00\"|{\"k\": \"\\u003c\"}|{\"\\u00e9\": 1}|True|True|True|True"],
  // dbt's `tojson()` context function (BaseContext.tojson, json.dumps) escapes non-ASCII but not < > & '
  ['tojson global', "{{ tojson(\"<a'&>é😀\") }}", '"<a\'&>\\u00e9\\ud83d\\ude00"'],
  // lipsum is random: the shape is what Jinja2 pins (paragraph count, capitals, full stops, <p> lines, word count).
  ['lipsum paragraphs', "{% set t = lipsum(3, False, 5, 9) %}{{ t.split('\\n\\n') | length }}|{{ (t.split('\\n\\n')[0].split(' ') | length) >= 5 }}|{{ t[0] == t[0].upper() }}|{{ t.endswith('.') }}", '3|True|True|True'],
  ['lipsum html', "{% set t = lipsum(2) %}{{ t.startswith('<p>') }}|{{ t.count('<p>') }}|{{ t.endswith('.</p>') }}", 'True|2|True'],
  ['lipsum word count', "{% set t = lipsum(1, html=False, min=20, max=21) %}{{ t.split(' ') | length }}", '20'],
  // strptime: rendered by Jinja2 with `modules = {'datetime': datetime}` as dbt's context has it (and checked with `dbt compile`).
  ["strptime 1", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('Mar 05 2024 03:04:05 PM', '%b %d %Y %I:%M:%S %p') }}", "2024-03-05 15:04:05"],
  ["strptime 2", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('Tuesday, March 05 2024', '%A, %B %d %Y') }}", "2024-03-05 00:00:00"],
  ["strptime 3", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024-065', '%Y-%j') }}", "2024-03-05 00:00:00"],
  ["strptime 4", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024-03-05 10:00 +0530', '%Y-%m-%d %H:%M %z') }}", "2024-03-05 10:00:00+05:30"],
  ["strptime 5", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024-03-05 UTC', '%Y-%m-%d %Z') }}", "2024-03-05 00:00:00"],
  ["strptime 6", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('Tue Mar  5 2024', '%a %b %d %Y') }}", "2024-03-05 00:00:00"],
  ["strptime 7", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('12:30 am', '%I:%M %p') }}", "1900-01-01 00:30:00"],
  ["strptime 8", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('12:30 PM', '%I:%M %p') }}", "1900-01-01 12:30:00"],
  ["strptime 9", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024-03-05T10:00:00Z', '%Y-%m-%dT%H:%M:%S%z') }}", "2024-03-05 10:00:00+00:00"],
  ["strptime 10", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024-03-05 10:00 -05:00', '%Y-%m-%d %H:%M %z').strftime('%z|%Z') }}", "-0500|UTC-05:00"],
  ["strptime 11", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('sep 9 24', '%b %d %y') }}", "2024-09-09 00:00:00"],
  ["strptime 13", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('2024 365', '%Y %j') }}", "2024-12-30 00:00:00"],
  ["strptime 14", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('March', '%B') }}", "1900-03-01 00:00:00"],
  ["strptime 15", "{% set dt = modules.datetime.datetime %}{{ dt.strptime('5 PM', '%H %p') }}", "1900-01-01 05:00:00"],
];

const ERRORS: [name: string, template: string, message: string][] = [
  // dbt: "macro 'dbt_macro__m' was invoked with two values for the special caller argument. This is most likely a bug."
  ['call block on a macro that never calls caller()', '{% macro m() %}M{% endmacro %}{% call m() %}x{% endcall %}', "macro 'm' was invoked with two values for the special caller argument. This is most likely a bug."],
  ['unknown keyword before extra positional arguments', '{% macro m(a) %}M{{ a }}{% endmacro %}{{ m(1, 2, z=3) }}', "macro 'm' takes no keyword argument 'z'"],
  ['calling a loop that is not recursive', '{% for x in items %}{{ loop([]) }}{% endfor %}', "The loop must have the 'recursive' marker to be called recursively."],
  ['lipsum with an empty word range', '{{ lipsum(1, False, 5, 5) }}', 'empty range for randrange() (5, 5, 0)'],
  ['strptime of an impossible date', "{{ modules.datetime.datetime.strptime('2024-02-30', '%Y-%m-%d') }}", 'day is out of range for month'],
  ['strptime of text not in the format', "{{ modules.datetime.datetime.strptime('x', '%Y') }}", "time data 'x' does not match format '%Y'"],
];

describe('templates render as Jinja2 renders them (dicts, calls, loops)', () => {
  test.each(GOLDENS)('%s', (_name, template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe('templates Jinja2 rejects fail with its message', () => {
  test.each(ERRORS)('%s', (_name, template, message) => {
    expect(() => render(template)).toThrow(message);
  });
});

/** dbt's compile (execute true) raises Jinja2's UndefinedError with dbt's suffix; these texts are what `dbt compile` printed. */
const DBT_SUFFIX = '. This can happen when calling a macro that does not exist. Check for typos and/or install package dependencies with "dbt deps".';
const UNDEFINED: [name: string, template: string, message: string][] = [
  ['attribute of an undefined name', '{{ undef.attr }}', "'undef' is undefined"],
  ['attribute of an undefined name in an if', '{% if undef.attr %}y{% else %}n{% endif %}', "'undef' is undefined"],
  ['item of an undefined name', "{{ undef['x'] }}", "'undef' is undefined"],
  ['attribute of a missing key', "{% set d = {'k': 1} %}{{ d.a.b }}", "'dict object' has no attribute 'a'"],
  ['attribute of an attribute of None', '{% set n = none %}{{ n.a }}|{{ n.a.b }}', "'None' has no attribute 'a'"],
  ['attribute of a missing list element', '{% set l = [1] %}{{ l[5].x }}', 'list object has no element 5'],
  ['attribute of an int\'s missing attribute', "{% set d = {'k': 1} %}{{ d.k.z.w }}", "'int object' has no attribute 'z'"],
];

describe('with execute true, an attribute of an undefined value fails as in dbt', () => {
  const compile = (source: string) => env.render(source, { x: 1, items, execute: true }, { file: 'models/golden.sql' });
  test.each(UNDEFINED)('%s', (_name, template, message) => {
    expect(() => compile(template)).toThrow(message + DBT_SUFFIX);
  });
  test('an undefined name alone prints nothing, and a missing attribute of a value is undefined', () => {
    expect(compile("{{ undef }}|{{ undef is defined }}|{% set d = {'k': {'j': 2}} %}{{ d.k.z }}|{{ d.k.j }}")).toBe('|False||2');
  });
  test('with execute false (dbt\'s parse) the value stays undefined and the tracker notes it', () => {
    const tracker = { macrosCalled: new Set<string>(), undefinedAccess: false };
    expect(env.render('[{{ undef.attr }}]', { execute: false }, { file: 'models/golden.sql' }, tracker)).toBe('[]');
    expect(tracker.undefinedAccess).toBe(true);
  });
});
