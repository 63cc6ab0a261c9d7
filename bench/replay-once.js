#!/usr/bin/env node
/**
 * Replays the SQL a build executed directly on DuckDB, in this (fresh) process:
 *
 *   node bench/replay-once.js <database file> <replay plan JSON>
 *
 * The plan is a list of `{kind: 'table'|'view'|'test', schema, relation, sql}` in the build's
 * completion order. Models: `create schema if not exists` + `create or replace table|view … as …`;
 * tests: `select count(*) from (…)`. Prints one JSON line on stderr: wall and CPU (user + system
 * of the whole process, DuckDB's threads included) of the replay loop.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, planFile] = process.argv.slice(2);
if (!file || !planFile) {
  console.error('usage: node bench/replay-once.js <database file> <replay plan JSON>');
  process.exit(2);
}
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));

const instance = await DuckDBInstance.create(file);
const connection = await instance.connect();
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (const step of plan) {
  if (step.kind === 'test') {
    await connection.run(`select count(*) from (${step.sql}) t`);
  } else {
    await connection.run(`create schema if not exists "${step.schema}"`);
    await connection.run(`create or replace ${step.kind} ${step.relation} as ${step.sql}`);
  }
}
const replayMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
connection.closeSync();
instance.closeSync();
console.error(JSON.stringify({ replayMs, replayCpuMs: (cpu.user + cpu.system) / 1000, statements: plan.length }));
