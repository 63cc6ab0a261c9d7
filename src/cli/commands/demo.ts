/** `dailies demo`: the main job — sample data for two days, loaded and built on DuckDB. */
import path from 'node:path';
import { booleanFlag, numberFlag } from '../args.js';
import type { Command } from '../command.js';
import { openProject, targetDirOf } from '../session.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: "generate a few days of the project's sample data, load them and build everything on DuckDB",
  flags: [
    { name: 'scale', kind: 'string', description: 'sample-data size factor (default: small)' },
    { name: 'quiet', alias: 'q', kind: 'boolean', description: 'print only the steps and the headline numbers' },
  ],
  async run(args, io) {
    const project = await openProject(args, io);
    const targetDir = targetDirOf(project);
    const quiet = booleanFlag(args, 'quiet');
    const { runDemo } = await import('../../demo/run-demo.js');
    const { formatRunEvent } = await import('../../run/index.js');
    const result = await runDemo({
      project,
      targetDir,
      scale: numberFlag(args, 'scale'),
      signal: io.signal,
      onStep: (text) => io.stdout(`\n==> ${text}\n`),
      onRunEvent: (event) => {
        if (quiet && event.type !== 'run-finished') return;
        const line = formatRunEvent(event);
        if (line) io.stdout(`${line}\n`);
      },
    });
    const relative = (file: string) => path.relative(io.cwd, file) || '.';
    if (result.failed) {
      io.stdout(`\nThe demo build failed; see the errors above and ${relative(path.join(targetDir, 'run_results.json'))}.\n`);
      return 1;
    }
    io.stdout(
      [
        '',
        `Done in ${result.seconds.toFixed(1)}s.`,
        ...result.headlines.lines.map((line) => `  • ${line}`),
        '',
        `Warehouse:  ${relative(result.database)} (DuckDB)`,
        `Artifacts:  ${relative(path.join(targetDir, 'manifest.json'))}, ${relative(path.join(targetDir, 'run_results.json'))}`,
        `Try:        npx dailies show${project.root === io.cwd ? '' : ` --project-dir ${relative(project.root)}`} -s ${result.showcaseModel} --limit 10`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
