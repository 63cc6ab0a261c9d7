/** `dailies status`: what production holds (commit, when, relations) and how far this checkout is ahead. */
import { booleanFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

export const statusCommand: Command = {
  name: 'status',
  summary: 'show what production holds (the commit of its last promotion) and what changed since',
  flags: [
    { name: 'prod-target', kind: 'string', description: 'the production target (default: prod, else --target)' },
    { name: 'json', kind: 'boolean', description: 'print the status as JSON' },
  ],
  async run(args, io) {
    const { formatStatus, productionStatus } = await import('../../review/status.js');
    const status = await productionStatus({ ...projectLocation(args, io), prodTarget: stringFlag(args, 'prod-target') });
    io.stdout(booleanFlag(args, 'json') ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  },
};
