import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProject, layerSizes } from '../../bench/generate-project.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-generate-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('bench/generate-project', () => {
  it('splits models 20/50/30 into staging, intermediate and marts', () => {
    expect(layerSizes(1000)).toEqual({ staging: 200, intermediate: 500, marts: 300 });
    expect(layerSizes(10)).toEqual({ staging: 2, intermediate: 5, marts: 3 });
    expect(() => layerSizes(2)).toThrow(/at least 3/);
  });

  it('writes a dbt project: config, profile, sources, macros, models and property files', () => {
    const dir = path.join(scratch, 'p50');
    const summary = generateProject({ dir, models: 50 });
    const files = filesUnder(dir);
    expect(files.filter((f) => f.endsWith('.sql') && f.startsWith('models/'))).toHaveLength(50);
    expect(files).toContain('dbt_project.yml');
    expect(files).toContain('profiles.yml');
    expect(files).toContain('models/staging/_sources.yml');
    expect(files).toContain('models/intermediate/g000/_intermediate_g000.yml');
    expect(summary).toMatchObject({ staging: 10, intermediate: 25, marts: 15, sources: 10 });

    const macros = fs.readFileSync(path.join(dir, 'macros/bench_macros.sql'), 'utf8');
    expect(macros.match(/\{% macro /g)).toHaveLength(5); // 3 macros + 2 dispatch implementations
    expect(macros).toContain("adapter.dispatch('cents_to_dollars', 'bench')");
    expect(macros).toContain('return(');

    const staging = fs.readFileSync(path.join(dir, 'models/staging/g000/stg_00000.sql'), 'utf8');
    expect(staging).toContain("{{ config(materialized='view') }}");
    expect(staging).toContain("{{ source('raw', 'raw_00000') }}");
    expect(staging).toContain("{{ cents_to_dollars('amount_cents') }}");

    const intermediate = fs.readFileSync(path.join(dir, 'models/intermediate/g000/int_00024.sql'), 'utf8');
    const refs = intermediate.match(/ref\('([a-z_0-9]+)'\)/g) ?? [];
    expect(refs.length).toBeGreaterThanOrEqual(1);
    expect(refs.length).toBeLessThanOrEqual(3);

    const properties = fs.readFileSync(path.join(dir, 'models/marts/g000/_marts_g000.yml'), 'utf8');
    expect(properties.match(/- name: fct_/g)).toHaveLength(15);
    expect(summary.tests).toBe((fs.readdirSync(path.join(dir, 'models'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.yml'))
      .reduce((count, f) => count + (fs.readFileSync(path.join(dir, 'models', f), 'utf8').match(/- (not_null|unique)$/gm) ?? []).length, 0));
  });

  it('writes the same bytes for the same arguments, replacing its own earlier output', () => {
    const dir = path.join(scratch, 'again');
    generateProject({ dir, models: 30 });
    const first = filesUnder(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    generateProject({ dir, models: 30 });
    expect(filesUnder(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))).toEqual(first);
  });

  it('refuses to write into a folder it did not make', () => {
    const dir = path.join(scratch, 'other');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    expect(() => generateProject({ dir, models: 10 })).toThrow(/not made by this generator/);
    expect(fs.readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
