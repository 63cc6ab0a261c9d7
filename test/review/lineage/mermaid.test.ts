import { describe, expect, it } from 'vitest';
import { mermaidLabel, renderMermaid } from '../../../src/review/lineage/index.js';
import type { Lineage, LineageNode } from '../../../src/review/types.js';

const node = (uniqueId: string, role: LineageNode['role'], extra: Partial<LineageNode> = {}): LineageNode => ({
  uniqueId,
  name: uniqueId.split('.').pop()!,
  resourceType: uniqueId.split('.')[0],
  role,
  breaking: false,
  ...extra,
});

describe('renderMermaid', () => {
  const lineage: Lineage = {
    nodes: [
      node('model.p.stg', 'changed', { breaking: true }),
      node('model.p.fct', 'impacted'),
      node('exposure.p.board', 'impacted'),
      node('source.p.raw.movies', 'upstream', { name: 'raw.movies' }),
      node('model.p.old', 'removed'),
    ],
    edges: [
      ['source.p.raw.movies', 'model.p.stg'],
      ['model.p.stg', 'model.p.fct'],
      ['model.p.fct', 'exposure.p.board'],
    ],
    breaking: [],
    columnImpact: [],
  };

  it('draws a left-to-right flowchart with generated ids, shapes per type and a class per role', () => {
    const text = renderMermaid(lineage);
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  n0["stg ⚠ breaking"]'.replace('⚠', '#9888;'));
    expect(lines).toContain('  n2{{"exposure: board"}}');
    expect(lines).toContain('  n3[("source: raw.movies")]');
    expect(lines).toContain('  n4["old #40;removed#41;"]');
    expect(lines).toContain('  n3 --> n0');
    expect(lines).toContain('  n0 --> n1');
    expect(lines).toContain('  n1 --> n2');
    for (const role of ['changed', 'impacted', 'upstream', 'removed', 'breaking']) expect(text).toMatch(new RegExp(`classDef ${role} `));
    expect(lines).toContain('  class n0 changed');
    expect(lines).toContain('  class n1,n2 impacted');
    expect(lines).toContain('  class n0 breaking');
  });

  it('encodes hostile names so they cannot end a label, a node or the code fence', () => {
    const hostile: Lineage = {
      nodes: [node('model.p.x', 'changed', { name: `x";$(id);#'` }), node('model.p.y', 'impacted', { name: '</details><script>alert(1)</script>\n```\n]' })],
      edges: [['model.p.x', 'model.p.y']],
      breaking: [],
      columnImpact: [],
    };
    const text = renderMermaid(hostile);
    const labels = text.split('\n').filter((line) => /^ {2}n\d/.test(line) && !line.includes('-->'));
    for (const line of labels) {
      const inner = line.replace(/^ {2}n\d+\["/, '').replace(/"\]$/, '');
      expect(inner).not.toMatch(/["<>`\]\n$()]/);
    }
    expect(text).not.toContain('</details>');
    expect(text).not.toContain('```');
    expect(mermaidLabel('a"b')).toBe('a#34;b');
    expect(mermaidLabel('<&>')).toBe('#60;#38;#62;');
  });

  it('keeps changed nodes and their nearest neighbours beyond maxNodes, and counts the rest in a note', () => {
    const chain: Lineage = {
      nodes: [node('model.p.m0', 'changed'), ...Array.from({ length: 60 }, (_, i) => node(`model.p.m${i + 1}`, 'impacted'))],
      edges: Array.from({ length: 60 }, (_, i) => [`model.p.m${i}`, `model.p.m${i + 1}`] as [string, string]),
      breaking: [],
      columnImpact: [],
    };
    const text = renderMermaid(chain, { maxNodes: 10 });
    expect(text).toContain('n0["m0"]');
    expect(text).toContain('n9["m9"]');
    expect(text).not.toContain('"m10"');
    expect(text).toContain('more["#8230; 51 more not drawn"]:::note');
    expect(text).toContain('n8 --> n9');
    expect(text.match(/-->/g)).toHaveLength(9);
  });
});
