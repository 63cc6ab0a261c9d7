/**
 * `dailies ci --base <ref>`: the pull-request check on a laptop or in CI. Prints the Markdown
 * report (or writes `--out report.md` and `report.json` with the Review beside it); exit code 1
 * when a build or an error-severity test failed, or the check itself could not run.
 */
import { resolve } from 'node:path';
import { DailiesError } from '../../errors.js';
import { writeRedactedFile } from '../../redact/write-file.js';
import { booleanFlag, integerFlag, listFlag, pullRequestFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { projectLocation } from '../session.js';

/** Where the report goes without --out: under the project's target folder, which is ignored by git. */
export const DEFAULT_REPORT = 'target/dailies/report.md';

/** `report.md` → `report.json` (any other name gets `.json` appended). */
export function jsonPathFor(out: string): string {
  return out.toLowerCase().endsWith('.md') ? `${out.slice(0, -3)}.json` : `${out}.json`;
}

export const ciCommand: Command = {
  name: 'ci',
  summary: 'review a pull request: build what changed in a PR schema, test it, diff it against production',
  flags: [
    { name: 'base', kind: 'string', description: 'the base branch or ref (compares against its merge-base with HEAD)' },
    { name: 'out', alias: 'o', kind: 'string', description: `write the Markdown report here (and the JSON review beside it); default ${DEFAULT_REPORT}, also printed` },
    { name: 'sample-rows', kind: 'string', description: 'production rows in the report: on (default), off, or masked (personal-data columns hashed)' },
    { name: 'pr', kind: 'string', description: 'pull request number (names the schema pr_<number>)' },
    { name: 'branch', kind: 'string', description: 'branch name (names the schema when there is no PR number)' },
    { name: 'title', kind: 'string', description: 'pull request title, for the report' },
    { name: 'url', kind: 'string', description: 'pull request URL, for the report' },
    { name: 'select', alias: 's', kind: 'list', description: 'build this selection instead of state:modified+' },
    { name: 'prod-target', kind: 'string', description: 'the profile target that is production (default: prod, else --target)' },
    { name: 'no-build', kind: 'boolean', description: 'lineage only: compile and compare, connect to no warehouse' },
    { name: 'threads', kind: 'string', description: 'how many nodes to build at once' },
    { name: 'max-chars', kind: 'string', description: `longest report in characters (default: what fits a GitHub comment)` },
  ],
  async run(args, io) {
    const base = stringFlag(args, 'base');
    if (!base) throw new DailiesError('usage', "'dailies ci' needs --base", { hint: 'name the branch the pull request merges into, e.g. --base main' });
    const prNumber = pullRequestFlag(args, 'pr');
    const noBuild = booleanFlag(args, 'no-build');
    const { renderReport, runReview } = await import('../../review/index.js');
    const { renderSummaryLine } = await import('../../review/report/index.js');
    const location = projectLocation(args, io);
    let unredacted = await runReview({
      ...location,
      baseRef: base,
      pr: { number: prNumber ?? null, branch: stringFlag(args, 'branch') ?? null, title: stringFlag(args, 'title') ?? null, url: stringFlag(args, 'url') ?? null },
      select: listFlag(args, 'select'),
      prodTarget: stringFlag(args, 'prod-target'),
      threads: integerFlag(args, 'threads'),
      noBuild,
      modeReason: noBuild ? 'run with --no-build' : undefined,
      signal: io.signal,
    });
    if (!noBuild) {
      const { explainMissingProduction } = await import('../../production-store/missing-production.js');
      unredacted = await explainMissingProduction(unredacted, location, stringFlag(args, 'prod-target'));
    }
    // Redacted before it is rendered: shortening or escaping a text can then never split or disguise a secret.
    const review = io.redactor.redactDeep(unredacted);
    const sampleRows = stringFlag(args, 'sample-rows') ?? 'on';
    if (!['on', 'off', 'masked'].includes(sampleRows)) throw new DailiesError('usage', `--sample-rows must be on, off or masked; got '${sampleRows}'`);
    const report = renderReport(review, { maxChars: integerFlag(args, 'max-chars'), sampleRows: sampleRows as 'on' | 'off' | 'masked' });
    const out = stringFlag(args, 'out');
    const outPath = out === undefined ? resolve(location.projectDir, DEFAULT_REPORT) : resolve(io.cwd, out);
    writeRedactedFile(outPath, report.markdown, io.redactor);
    writeRedactedFile(jsonPathFor(outPath), `${JSON.stringify(review, null, 2)}\n`, io.redactor);
    if (out === undefined) io.stdout(report.markdown.endsWith('\n') ? report.markdown : `${report.markdown}\n`);
    else io.stdout(`${renderSummaryLine(review)}; ${review.builds.length} built in ${review.schema || '(no schema)'}; report written to ${out}\n`);
    if (review.error) io.stderr(`Error: ${review.error.message}${review.error.hint ? `\n  hint: ${review.error.hint}` : ''}\n`);
    return review.status === 'success' ? 0 : 1;
  },
};
