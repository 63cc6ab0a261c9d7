import { describe, expect, it } from 'vitest';
import { belongsToPrSchema, prSchemaName } from '../../src/review/pr-schema.js';
import { jsonPathFor } from '../../src/cli/commands/ci.js';

describe('prSchemaName', () => {
  it('names the schema after the pull request number', () => {
    expect(prSchemaName({ number: 12, branch: 'feature/x' })).toBe('pr_12');
  });

  it('folds a branch name to safe characters and adds a hash of the original', () => {
    const name = prSchemaName({ branch: 'Feature/Add "quoted"; DROP SCHEMA main --' });
    expect(name).toMatch(/^pr_feature_add_quoted_drop_schema_main_[0-9a-f]{6}$/);
    expect(name).toMatch(/^[a-z0-9_]+$/);
  });

  it('gives branches that fold alike different schemas', () => {
    expect(prSchemaName({ branch: 'feature/x' })).not.toBe(prSchemaName({ branch: 'feature-x' }));
    expect(prSchemaName({ branch: 'feature/x' })).toBe(prSchemaName({ branch: 'feature/x' }));
  });

  it('caps long branch names', () => {
    const name = prSchemaName({ branch: 'a'.repeat(300) });
    expect(name.length).toBeLessThanOrEqual(3 + 40 + 1 + 6);
  });

  it('refuses to name a schema from nothing, or from a bad number', () => {
    expect(() => prSchemaName({})).toThrow(/no pull request number and no branch/);
    expect(() => prSchemaName({ number: -1 })).toThrow(/not a pull request number/);
  });
});

describe('belongsToPrSchema', () => {
  it('matches the schema and its custom-schema variants only', () => {
    expect(belongsToPrSchema('pr_12', 'pr_12')).toBe(true);
    expect(belongsToPrSchema('pr_12_marts', 'pr_12')).toBe(true);
    expect(belongsToPrSchema('pr_123', 'pr_12')).toBe(false);
    expect(belongsToPrSchema('main', 'pr_12')).toBe(false);
  });
});

describe('jsonPathFor', () => {
  it('puts the JSON review beside the Markdown report', () => {
    expect(jsonPathFor('/tmp/out/report.md')).toBe('/tmp/out/report.json');
    expect(jsonPathFor('comment')).toBe('comment.json');
  });
});
