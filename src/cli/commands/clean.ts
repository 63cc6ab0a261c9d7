/**
 * `dailies clean`, as `dbt clean`: removes the folders `clean-targets` names (default: the target
 * folder). A folder outside the project, or the project itself, is refused before anything is
 * removed.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';
import { DailiesError } from '../../errors.js';
import { createEnvRenderer } from '../../project/env-render.js';
import { readProjectConfig } from '../../project/project-config.js';

export const cleanCommand: Command = {
  name: 'clean',
  summary: 'remove the folders clean-targets names in dbt_project.yml (default: target/)',
  flags: [],
  async run(args, io) {
    const { projectDir, env } = projectLocation(args, io);
    const config = readProjectConfig(projectDir, 'dbt_project.yml', createEnvRenderer(env));
    const folders = config.cleanTargets.map((target) => path.resolve(projectDir, target));
    const outside = folders.filter((folder) => folder === projectDir || path.relative(projectDir, folder).startsWith('..') || path.isAbsolute(path.relative(projectDir, folder)));
    if (outside.length > 0) {
      throw new DailiesError('config', `dailies will not clean ${outside.map((folder) => (folder === projectDir ? 'the project folder itself' : folder)).join(', ')}: clean-targets must be folders inside the project`, {
        place: config.place,
        hint: 'list folders under the project in clean-targets (such as target and dbt_packages)',
      });
    }
    for (const folder of folders) {
      if (!existsSync(folder)) continue;
      rmSync(folder, { recursive: true, force: true });
      io.stdout(`Cleaned ${path.relative(io.cwd, folder) || folder}\n`);
    }
    io.stdout('Finished cleaning all paths.\n');
    return 0;
  },
};
