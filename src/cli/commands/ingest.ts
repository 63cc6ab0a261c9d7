/** `dailies sample-data` and `dailies load`: make landing-zone files, load them into RAW. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { booleanFlag, integerFlag, numberFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { openProject } from '../session.js';

export const sampleDataCommand: Command = {
  name: 'sample-data',
  summary: "write one day of an example project's deterministic sample CSVs into a landing-zone folder",
  flags: [
    { name: 'dataset', kind: 'string', description: "movies or insurance (default: the project's sample_dataset var, else movies)" },
    { name: 'dirty', kind: 'boolean', description: 'insurance only: plant the compliance violations the project tests must catch' },
    { name: 'out', kind: 'string', description: 'landing-zone folder to write (default: landing)' },
    { name: 'scale', kind: 'string', description: 'size factor; 1 ≈ MovieLens 25M or 100,000 policyholders (default: small, for the demo)' },
    { name: 'day', kind: 'string', description: 'which daily batch to write (default 1)' },
    { name: 'seed', kind: 'string', description: 'random seed (default 42)' },
  ],
  async run(args, io) {
    const outDir = path.resolve(io.cwd, stringFlag(args, 'out') ?? 'landing');
    const { sampleDataset } = await import('../../ingest/index.js');
    const named = stringFlag(args, 'dataset');
    const projectDir = path.resolve(io.cwd, stringFlag(args, 'project-dir') ?? '.');
    const project = named === undefined && existsSync(path.join(projectDir, 'dbt_project.yml')) ? await openProject(args, io) : undefined;
    const report = await sampleDataset(project, named).generate({
      outDir,
      scale: numberFlag(args, 'scale'),
      day: integerFlag(args, 'day'),
      seed: integerFlag(args, 'seed'),
      dirty: booleanFlag(args, 'dirty'),
    });
    for (const file of report.files) {
      io.stdout(`  wrote ${path.relative(io.cwd, file.path)}  ${file.rows.toLocaleString('en-US')} rows\n`);
    }
    return 0;
  },
};

export const loadCommand: Command = {
  name: 'load',
  summary: 'load new landing-zone files (folder or s3://bucket/prefix) into RAW, each exactly once',
  flags: [
    { name: 'from', kind: 'string', description: 'landing zone: a folder or s3://bucket/prefix (default: landing)' },
    { name: 'schema', kind: 'string', description: 'RAW schema to load into (default: raw)' },
    { name: 'force', kind: 'boolean', description: 'reload files whose contents changed since they were loaded' },
    { name: 's3-endpoint', kind: 'string', description: 'S3-compatible endpoint URL (default: AWS)' },
    { name: 's3-region', kind: 'string', description: 'S3 region (default: from the AWS environment)' },
  ],
  async run(args, io) {
    const project = await openProject(args, io);
    const from = stringFlag(args, 'from') ?? 'landing';
    const zone = from.startsWith('s3://') ? from : path.resolve(io.cwd, from);
    const schema = stringFlag(args, 'schema') ?? 'raw';
    const { formatLoadEvent, formatLoadReport, loadLandingZone, rawColumnTypes } = await import('../../ingest/index.js');
    const columnTypes = rawColumnTypes(project, schema);
    const { openAdapter } = await import('../../warehouse/index.js');
    const adapter = await openAdapter(project.target);
    try {
      const endpoint = stringFlag(args, 's3-endpoint');
      const report = await loadLandingZone({
        adapter,
        zone,
        schema,
        columnTypes,
        force: booleanFlag(args, 'force'),
        s3: { endpoint, region: stringFlag(args, 's3-region'), forcePathStyle: endpoint !== undefined },
        onFile: (event) => io.stdout(`  ${formatLoadEvent(event)}\n`),
      });
      io.stdout(`${formatLoadReport(report)}\n`);
      return 0;
    } finally {
      await adapter.close();
    }
  },
};

export const ingestCommands: Command[] = [sampleDataCommand, loadCommand];
