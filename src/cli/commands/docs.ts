/** `dailies docs generate|serve`: the docs site in target/site/, and a local server for it. */
import path from 'node:path';
import { DailiesError } from '../../errors.js';
import { readManifest } from '../../graph/index.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { compile, openProject, targetDirOf } from '../session.js';
import { partialParseFlag } from '../cached-parse.js';

export const docsCommand: Command = {
  name: 'docs',
  summary: "'docs generate' writes the docs site to target/site/; 'docs serve' serves it on 127.0.0.1",
  flags: [
    partialParseFlag,
    { name: 'out', kind: 'string', description: 'site folder (default: <target-path>/site)' },
    { name: 'state', kind: 'string', description: "generate: folder with the previous deploy's manifest.json (for state: selectors in the site)" },
    { name: 'port', kind: 'string', description: 'serve: port on 127.0.0.1 (default 8080; 0 picks a free one)' },
  ],
  async run(args, io) {
    const action = args.positional[0];
    if (action !== 'generate' && action !== 'serve') {
      throw new DailiesError('usage', `'dailies docs' needs 'generate' or 'serve'${action ? `, not '${action}'` : ''}`, { hint: 'run `dailies docs generate`, then `dailies docs serve`' });
    }
    const project = await openProject(args, io);
    const targetDir = targetDirOf(project);
    const out = stringFlag(args, 'out');
    const siteDir = out === undefined ? path.join(targetDir, 'site') : path.resolve(io.cwd, out);
    return action === 'generate' ? generate(siteDir) : serve(siteDir);

    async function generate(outDir: string): Promise<number> {
      const started = performance.now();
      const stateDir = stringFlag(args, 'state');
      const state = stateDir === undefined ? undefined : readManifest(path.resolve(io.cwd, stateDir, 'manifest.json'));
      const { openAdapter } = await import('../../warehouse/index.js');
      const { generateDocs } = await import('../../docs/index.js');
      const adapter = await openAdapter(project.target);
      try {
        const compiler = await compile(project, adapter, undefined, 'throw', args, io);
        const result = await generateDocs({ compiler, adapter, targetDir, outDir, state });
        for (const warning of result.warnings) io.stderr(`Warning: ${warning}\n`);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const mb = (result.siteJsonBytes / 1e6).toFixed(1);
        io.stdout(
          `Wrote the docs site in ${seconds}s → ${path.relative(io.cwd, result.outDir) || '.'} ` +
            `(${result.relations} relations in the catalog, ${result.dashboards.filter((d) => d.hasData).length}/${result.dashboards.length} dashboards with data, ${mb} MB of JSON)\n` +
            `Serve it with: dailies docs serve${out === undefined ? '' : ` --out ${out}`}\n`,
        );
        return 0;
      } finally {
        await adapter.close();
      }
    }

    async function serve(dir: string): Promise<number> {
      const portText = stringFlag(args, 'port');
      const port = portText === undefined ? 8080 : Number(portText);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DailiesError('usage', `--port takes a port number (0–65535), not '${portText}'`);
      const { serveSite } = await import('../../docs/index.js');
      const server = await serveSite(dir, port);
      io.stdout(`Serving ${path.relative(io.cwd, dir) || '.'} at ${server.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      return 0;
    }
  },
};
