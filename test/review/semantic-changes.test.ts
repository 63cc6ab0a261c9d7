/**
 * A pull request that adds, changes or removes metrics, semantic models and saved queries: the
 * changed set holds them (as dbt's state:modified compares them) and the comment lists them in the
 * table of changes, named by kind, and counts them in the headline.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { computeChangedSet } from '../../src/review/changed-set.js';
import { renderReport } from '../../src/review/report/index.js';
import { sampleReview } from './report/review-fixture.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'semantic-layer', 'project');
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function manifestOf(edit?: (text: string) => string): Promise<Manifest> {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-semantic-pr-'));
  dirs.push(dir);
  cpSync(fixture, dir, { recursive: true });
  const file = join(dir, 'models', 'marts', 'semantic.yml');
  if (edit) writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return (await compileProject(await loadProject({ projectDir: dir, env }))).manifest;
}

describe('semantic-layer changes in the pull-request review', () => {
  it('lists an added metric, a changed semantic model and a removed saved query like changed models', async () => {
    const base = await manifestOf();
    const head = await manifestOf((text) => {
      const withoutQuery = text.slice(0, text.indexOf('  - name: cumulative_query'));
      return withoutQuery
        .replace('        description: Food or not', '        description: Whether the order was food')
        .replace('metrics:\n', 'metrics:\n  - name: food_total\n    label: Food total\n    type: simple\n    type_params:\n      measure: order_total\n    filter: "{{ Dimension(\'order__is_food\') }}"\n');
    });
    const { changes, selected } = computeChangedSet(base, head);
    expect(changes.map(({ uniqueId, resourceType, status }) => [uniqueId, resourceType, status])).toEqual([
      ['metric.sl_fixture.food_total', 'metric', 'new'],
      ['saved_query.sl_fixture.cumulative_query', 'saved_query', 'removed'],
      ['semantic_model.sl_fixture.orders', 'semantic_model', 'modified'],
    ]);
    expect(changes.map((change) => change.file)).toEqual(['models/marts/semantic.yml', 'models/marts/semantic.yml', 'models/marts/semantic.yml']);
    // nothing to build: the semantic layer has no relation of its own
    expect(selected).toEqual([]);

    const { markdown } = renderReport(sampleReview({ changes, impacted: [], diffs: [], builds: [] }));
    expect(markdown.split('\n')[1]).toMatch(/^## .* dailies: 0 models changed, 1 metric changed, 1 saved query changed, 1 semantic model changed, 0 downstream/);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| <code>'));
    expect(rows).toEqual([
      '| <code>food_total</code> (metric) | new | — | — | — |',
      '| <code>cumulative_query</code> (saved query) | removed | — | — | — |',
      '| <code>orders</code> (semantic model) | definition changed | — | — | — |',
    ]);
  });
});
