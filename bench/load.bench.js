#!/usr/bin/env node
/**
 * Load-throughput benchmark: generate the sample landing zone once (default --scale 1 ≈ MovieLens
 * 25M), then time `loadLandingZone` from that local folder into a fresh DuckDB file, with the RAW
 * column types the movie project (the repository root) declares in its sources, as `dailies load` does.
 *
 *   npx tsc -p tsconfig.build.json && node bench/load.bench.js [--scale 1] [--threads N] [--setting name=value ...] [--varchar] [--keep]
 *
 * `--varchar` loads every column as VARCHAR (no declared types), as the loader did before typed RAW columns.
 *
 * `--setting` passes a DuckDB configuration option to the database (as a profile's `settings:` would),
 * e.g. `--setting disabled_compression_methods=fsst`.
 *
 * Prints Markdown (machine, generation, load overall and for ratings; wall and CPU time) to paste into bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateSampleData, loadLandingZone, rawColumnTypes } from '../lib/ingest/index.js';
import { loadProject } from '../lib/project/index.js';
import { openAdapter } from '../lib/warehouse/index.js';

const USAGE = 'node bench/load.bench.js [--scale 1] [--threads N] [--setting duckdb_option=value ...] [--varchar] [--keep]';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = { scale: 1, threads: os.cpus().length, keep: false, varchar: false, settings: {} };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scale') options.scale = Number(argv[++i]);
    else if (argv[i] === '--threads') options.threads = Number(argv[++i]);
    else if (argv[i] === '--keep') options.keep = true;
    else if (argv[i] === '--varchar') options.varchar = true;
    else if (argv[i] === '--setting' && /^\w+=./.test(argv[i + 1] ?? '')) {
      const [name, ...value] = argv[++i].split('=');
      options.settings[name] = value.join('=');
    } else throw new Error(`unknown argument ${argv[i]}; usage: ${USAGE}`);
  }
  if (!(options.scale > 0)) throw new Error('--scale must be a number above 0');
  return options;
}

function describeMachine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `nproc ${os.cpus().length}, CPU ${cpu}, ${memory} memory, Node ${process.version}, ${os.type()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at start`;
}

const mb = (bytes) => bytes / 1e6;
/** User + system CPU seconds of this process (all threads, DuckDB's included) since `start`. */
const cpuSeconds = (start) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const machine = describeMachine();
  const project = await loadProject({ projectDir: repoRoot });
  const columnTypes = options.varchar ? new Map() : rawColumnTypes(project, 'raw');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-load-bench-'));
  const zone = path.join(root, 'landing');
  try {
    const generateCpu = process.cpuUsage();
    const generated = await generateSampleData({ outDir: zone, scale: options.scale });
    const generateCpuSeconds = cpuSeconds(generateCpu);

    const database = path.join(root, 'bench.duckdb');
    const target = { name: 'bench', type: 'duckdb', schema: 'main', threads: options.threads, path: database, settings: options.settings };
    const adapter = await openAdapter(target);
    const events = [];
    // CPU of the whole process (every DuckDB thread too), between consecutive file events.
    const cpuByKey = new Map();
    let lastCpu = process.cpuUsage();
    const onFile = (event) => {
      events.push(event);
      cpuByKey.set(event.key, cpuSeconds(lastCpu));
      lastCpu = process.cpuUsage();
    };
    const loadCpu = process.cpuUsage();
    const started = performance.now();
    let report;
    let closeSeconds = 0;
    let committedCpuSeconds = 0;
    try {
      report = await loadLandingZone({ adapter, zone, columnTypes, onFile });
    } finally {
      committedCpuSeconds = cpuSeconds(loadCpu);
      const closing = performance.now();
      await adapter.close(); // DuckDB checkpoints its write-ahead log into the database file here
      closeSeconds = (performance.now() - closing) / 1000;
    }
    const wall = (performance.now() - started) / 1000;
    const totalCpuSeconds = cpuSeconds(loadCpu);
    const loadAverageAfter = os.loadavg().map((l) => l.toFixed(1)).join(' / ');

    const lines = [];
    const settings = Object.entries(options.settings).map(([name, value]) => ` --setting ${name}=${value}`).join('');
    lines.push(`Machine: ${machine}. DuckDB threads: ${options.threads}.`, '');
    lines.push(`Command: \`node bench/load.bench.js --scale ${options.scale}${settings}${options.varchar ? ' --varchar' : ''}\``, '');
    const typed = [...columnTypes].map(([table, columns]) => `${table}(${[...columns].map(([name, type]) => `${name} ${type.dataType}`).join(', ')})`);
    lines.push(`RAW column types: ${typed.length > 0 ? typed.join('; ') : 'none declared (every column VARCHAR)'}.`, '');
    lines.push('| step | rows | MB | seconds | rows/s | MB/s | CPU s | MB per CPU s |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    const row = (name, rows, bytes, seconds, cpu) =>
      lines.push(
        `| ${name} | ${fmt(rows)} | ${fmt(mb(bytes), 1)} | ${fmt(seconds, 2)} | ${fmt(rows / seconds)} | ${fmt(mb(bytes) / seconds, 1)} | ${fmt(cpu, 2)} | ${fmt(mb(bytes) / cpu, 1)} |`,
      );
    row(`generate (scale ${options.scale})`, generated.totalRows, generated.totalBytes, generated.seconds, generateCpuSeconds);
    for (const event of events.filter((e) => e.status === 'loaded')) row(`load ${event.key}`, event.rows, event.bytes, event.seconds, cpuByKey.get(event.key));
    row('**load, all files** (committed)', report.rows, report.bytes, report.seconds, committedCpuSeconds);
    row('**load, all files + checkpoint on close**', report.rows, report.bytes, wall, totalCpuSeconds);
    const ratings = events.filter((e) => e.table === 'ratings');
    const ratingSeconds = ratings.reduce((s, e) => s + e.seconds, 0);
    const ratingCpu = ratings.reduce((s, e) => s + (cpuByKey.get(e.key) ?? 0), 0);
    row('**load, ratings only**', ratings.reduce((s, e) => s + e.rows, 0), ratings.reduce((s, e) => s + e.bytes, 0), ratingSeconds, ratingCpu);
    lines.push('', `Closing the adapter (DuckDB checkpoint of the write-ahead log into the database file) took ${fmt(closeSeconds, 2)} s.`);
    lines.push(`Database file after close: ${fmt(mb(fs.statSync(database).size), 1)} MB. Load average after: ${loadAverageAfter}.`);
    console.log(lines.join('\n'));
  } finally {
    if (options.keep) console.error(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
