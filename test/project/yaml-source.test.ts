import { describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { parseYaml } from '../../src/project/index.js';

describe('parseYaml', () => {
  it('keeps the line of maps, keys and list items', () => {
    const yaml = parseYaml('a: 1\nlist:\n  - x\n  - {k: v}\n', 'f.yml');
    const value = yaml.value as { list: unknown[] };
    expect(yaml.placeOfKey(value, 'list')).toEqual({ file: 'f.yml', line: 2 });
    expect(yaml.placeOfKey(value.list, '0')).toEqual({ file: 'f.yml', line: 3 });
    expect(yaml.placeOf(value.list[1])).toEqual({ file: 'f.yml', line: 4 });
  });

  it("reads YAML like dbt's PyYAML: yes/no/off booleans and merge keys, but dates, 1:20 and Y/N stay text", () => {
    const yaml = parseYaml('base: &b {p: 1, q: 2}\nx:\n  <<: *b\n  q: 3\n  flag: yes\n  off_flag: Off\n  day: 2024-01-31\n  time: 1:20\n  values: [Y, N, y, n]\n', 'f.yml');
    expect(yaml.value).toEqual({ base: { p: 1, q: 2 }, x: { p: 1, q: 3, flag: true, off_flag: false, day: '2024-01-31', time: '1:20', values: ['Y', 'N', 'y', 'n'] } });
  });

  it('reports malformed YAML with the file, line and column', () => {
    let error: unknown;
    try {
      parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'models/schema.yml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place?.file).toBe('models/schema.yml');
    expect((error as DailiesError).place?.line).toBeGreaterThanOrEqual(2);
  });

  it('returns undefined for an empty document', () => {
    expect(parseYaml('# only a comment\n', 'f.yml').value).toBeUndefined();
  });
});
