/**
 * The Action from inputs to outputs: mask credentials, read and validate inputs, plan from the
 * event, run the review / cleanup / promote through the library, then publish. Every dependency
 * on the outside (runner, GitHub API, library) comes in through `ActionDeps`.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseVars } from '../cli/session.js';
import { DailiesError } from '../errors.js';
import { profileSecrets } from '../project/profile-secrets.js';
import { MIN_SECRET_LENGTH } from '../redact/forms.js';
import { redactArtifactsWith } from '../redact/artifacts.js';
import { Redactor } from '../redact/redactor.js';
import { redactingIO, type ActionIO } from './action-io.js';
import { planFromEvent, readEvent, readRepo, type ActionPlan } from './event.js';
import { failureDetails, failureMarkdown, type FailureDetails } from './failure-report.js';
import { CREDENTIAL_INPUTS, maskCredentials, readInputs, type ActionInputs } from './inputs.js';
import { redactingClient } from './github-client.js';
import type { ProjectRequest, StepOutcome, StoreRequest } from './library.js';
import { guardStream } from './log-safety.js';
import { OIDC_TOKEN_VARIABLE, requestOidcToken, targetsWantingOidcToken } from './oidc-token.js';
import { postComment } from './publish-comment.js';
import { publishReview } from './publish-review.js';
import { safeSummary, type ActionDeps, type ActionStatus, type RunContext } from './run-context.js';
import { REVIEW_MARKER } from './sticky-comment.js';
import { repoPath } from './verdict.js';

export const FORK_NOTE =
  "This pull request comes from a fork, and a fork's code is never run with this repository's secrets: the review shows the compiled changes and lineage only. A maintainer can build it by pushing the branch to this repository.";

/** Removes the Action's inputs (the token, credentials) from the environment the project sees through env_var(). */
export function projectEnvironment(env: Record<string, string | undefined>, inputs: ActionInputs, trusted: boolean): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('INPUT_') || name === 'ACTIONS_RUNTIME_TOKEN' || name === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN') continue;
    if (!trusted && Object.values(CREDENTIAL_INPUTS).some((credential) => credential.env === name)) continue;
    result[name] = value;
  }
  if (trusted) {
    for (const [key, { env: name }] of Object.entries(CREDENTIAL_INPUTS) as [keyof ActionInputs['snowflake'], { env: string }][]) {
      const value = inputs.snowflake[key];
      if (value !== undefined) result[name] = value;
    }
  }
  return result;
}

/**
 * Once read, credentials leave the process environment (in production `env` is process.env), so
 * code that reads the environment directly cannot find them; on untrusted (fork) runs the
 * warehouse credentials go too.
 */
export function scrubCredentials(env: Record<string, string | undefined>, trusted: boolean): void {
  delete env['INPUT_GITHUB-TOKEN'];
  for (const { input, env: name } of Object.values(CREDENTIAL_INPUTS)) {
    delete env[`INPUT_${input.toUpperCase()}`];
    if (!trusted) delete env[name];
  }
}

/**
 * When a Snowflake target of the profile logs in by workload identity (OIDC) with no token, asks
 * GitHub for the job's id-token and puts it in the project's environment as SNOWFLAKE_OIDC_TOKEN,
 * registered with the redactor and the runner's masking first. A job without `id-token: write`
 * gets a line saying so: the target that needs the token then fails to log in, with the hint.
 */
async function supplyOidcToken(
  env: Record<string, string | undefined>,
  projectEnv: Record<string, string | undefined>,
  location: { projectDir: string; profilesDir?: string },
  audience: string,
  io: ActionIO,
  redactor: Redactor,
): Promise<void> {
  const wanting = targetsWantingOidcToken({ ...location, env: projectEnv });
  if (wanting.length === 0) return;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    io.info(`dailies: ${wanting.join(', ')} log in with workload identity, but this job has no \`permissions: id-token: write\`: no OIDC token requested`);
    return;
  }
  const token = await requestOidcToken(env, audience);
  for (const form of redactor.add([{ source: "GitHub's OIDC token", value: token }])) io.setSecret(form);
  projectEnv[OIDC_TOKEN_VARIABLE] = token;
  io.info(`dailies: requested GitHub's OIDC token (audience ${audience}) for ${wanting.join(', ')}`);
}

/** Runs library code with its stdout/stderr redacted and neutralized (it prints names taken from the pull request, and error texts). */
async function guarded<T>(redactor: Redactor, work: () => Promise<T>): Promise<T> {
  const redact = (text: string) => redactor.redact(text);
  const restoreOut = guardStream(process.stdout, redact);
  const restoreErr = guardStream(process.stderr, redact);
  try {
    return await work();
  } finally {
    restoreOut();
    restoreErr();
  }
}

/**
 * The project folder, which must lie inside the workspace: `project-dir: ../../etc` (or a symbolic
 * link leading out) is refused.
 */
export function projectDirInside(workspace: string, projectDir: string): string {
  const resolved = path.resolve(workspace, projectDir);
  // Symbolic links are followed as far as the path exists (a link to /etc with a missing folder below it still leads out).
  const real = (file: string): string => {
    try {
      return realpathSync(file);
    } catch {
      const parent = path.dirname(file);
      return parent === file ? file : path.join(real(parent), path.basename(file));
    }
  };
  const relative = path.relative(real(workspace), real(resolved));
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new DailiesError('usage', `input 'project-dir' (${projectDir}) leads outside the workspace ${workspace}`, {
      place: { file: 'action.yml' },
      hint: "give a folder inside the repository, relative to its root (e.g. 'project-dir: analytics')",
    });
  }
  return resolved;
}

function describePlan(plan: ActionPlan): string {
  switch (plan.kind) {
    case 'review':
      return `dailies: reviewing pull request #${plan.pr.number} "${plan.pr.title}" from branch '${plan.pr.branch}'${plan.noBuild ? ' (fork: lineage only, nothing built)' : ''}`;
    case 'cleanup':
      return `dailies: pull request #${plan.pr.number} closed: dropping its schema`;
    case 'promote':
      return `dailies: promoting ${plan.ref} at ${plan.head}`;
    case 'skip':
      return `dailies: ${plan.reason}`;
  }
}

export async function runAction(deps: ActionDeps): Promise<ActionStatus> {
  const redactor = new Redactor();
  // Everything the Action says goes through the redactor; credentials are masked before anything else can print them.
  const io = redactingIO(deps.io, redactor);
  // and so is every artifact the library writes under target/ (manifest, run results, compiled SQL)
  const restoreArtifacts = redactArtifactsWith(redactor);
  try {
    maskCredentials(deps.readInput, deps.env, io.setSecret, redactor);
    return await runSteps(deps, io, redactor);
  } catch (error) {
    io.setOutput('status', 'error');
    io.setFailed(`dailies: unexpected failure: ${failureDetails(error).message}`);
    return 'error';
  } finally {
    restoreArtifacts();
  }
}

async function runSteps(deps: ActionDeps, io: ActionIO, redactor: Redactor): Promise<ActionStatus> {
  const { env } = deps;
  let inputs: ActionInputs;
  let plan: ActionPlan;
  let projectDir: string;
  let privateRepo = false;
  const workspace = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  try {
    inputs = readInputs(deps.readInput, env);
    const event = readEvent(env);
    plan = planFromEvent(inputs.command, event);
    privateRepo = event.payload.repository?.private === true;
    projectDir = projectDirInside(workspace, inputs.projectDir);
  } catch (error) {
    const { message, hint } = failureDetails(error);
    io.setOutput('status', 'error');
    io.setFailed(hint ? `${message} (hint: ${hint})` : message);
    return 'error';
  }
  // The credentials written in profiles.yml (literal or through env_var()) are secrets too.
  const profilesDir = inputs.profilesDir === undefined ? undefined : path.resolve(workspace, inputs.profilesDir);
  for (const form of redactor.add(profileSecrets({ projectDir, profilesDir, env }))) io.setSecret(form);
  if (redactor.tooShort.length > 0) io.info(`dailies: not redacted, shorter than ${MIN_SECRET_LENGTH} characters: ${redactor.tooShort.join(', ')}`);
  io.info(describePlan(plan));
  const trusted = !(plan.kind === 'review' && plan.noBuild);
  scrubCredentials(env, trusted);
  if (plan.kind === 'skip') {
    io.setOutput('status', 'skipped');
    return 'skipped';
  }

  const projectEnv = projectEnvironment(env, inputs, trusted);
  if (trusted) {
    try {
      await supplyOidcToken(env, projectEnv, { projectDir, profilesDir }, inputs.snowflakeOidcAudience, io, redactor);
    } catch (error) {
      const { message, hint } = failureDetails(error);
      io.setOutput('status', 'error');
      io.setFailed(hint ? `${message} (hint: ${hint})` : message);
      return 'error';
    }
  }

  let base: ProjectRequest;
  try {
    base = {
      projectDir,
      target: inputs.target,
      prodTarget: inputs.prodTarget,
      threads: inputs.threads,
      env: projectEnv,
      profilesDir,
      vars: parseVars(inputs.vars),
    };
  } catch (error) {
    const { message, hint } = failureDetails(error);
    io.setOutput('status', 'error');
    io.setFailed(hint ? `input 'vars': ${message} (hint: ${hint})` : `input 'vars': ${message}`);
    return 'error';
  }
  const store: StoreRequest | null = inputs.productionStore && trusted ? { ...base, store: inputs.productionStore, githubToken: inputs.githubToken } : null;
  const context: RunContext = {
    deps,
    io,
    redactor,
    inputs,
    // production rows in a public repository's comments are public: mask personal data unless told otherwise
    sampleRows: inputs.sampleRows ?? (privateRepo ? 'on' : 'masked'),
    runUrl: env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    projectPrefix: path.relative(workspace, projectDir),
    client: () => redactingClient(deps.github(inputs.githubToken, readRepo(env), env.GITHUB_API_URL ?? 'https://api.github.com'), redactor),
  };

  if (plan.kind === 'review') {
    const { pr } = plan;
    let review;
    try {
      if (store && !plan.noBuild) io.info((await guarded(redactor, () => deps.library.fetchProduction(store))).line);
      review = await guarded(redactor, () =>
        deps.library.review({
          ...base,
          base: pr.baseSha,
          pr: { number: pr.number, title: pr.title, branch: pr.branch, url: pr.url },
          select: inputs.select,
          noBuild: plan.noBuild,
          noBuildReason: plan.noBuild ? FORK_NOTE : undefined,
        }),
      );
    } catch (error) {
      return publishStepFailure(context, 'review', failureDetails(error), pr.number, pr.fromFork);
    }
    // Redacted before it is rendered: shortening or escaping a text can then never split or disguise a secret.
    return publishReview(context, redactor.redactDeep(review), pr);
  }

  const step = plan.kind;
  let outcome: StepOutcome;
  try {
    if (plan.kind === 'promote' && store) io.info((await guarded(redactor, () => deps.library.fetchProduction(store))).line);
    outcome = await guarded(redactor, () =>
      plan.kind === 'cleanup'
        ? deps.library.cleanup({ ...base, prNumber: plan.pr.number })
        : deps.library.promote({ ...base, base: plan.base }),
    );
    // production changed only when the promotion published; a failed one left it as it was
    if (plan.kind === 'promote' && store && outcome.ok) {
      const line = await guarded(redactor, () => deps.library.storeProduction({ ...store, commit: plan.head }));
      io.info(line);
      outcome = { ...outcome, markdown: `${outcome.markdown}\n${line}.\n` };
    }
  } catch (error) {
    return publishStepFailure(context, step, failureDetails(error), null);
  }
  io.setOutput('schema', outcome.schema ?? '');
  io.setOutput('changed-models', outcome.models.join(','));
  io.setOutput('report-path', '');
  if (!outcome.ok) return publishStepFailure(context, step, outcome.error ?? { message: `${step} failed` }, null, false, outcome.markdown);
  await safeSummary(io, outcome.markdown);
  io.setOutput('status', 'success');
  return 'success';
}

/** The step could not finish: say what failed and how to retry (summary, and the PR comment for reviews), then fail. */
async function publishStepFailure(
  context: RunContext,
  step: 'review' | 'cleanup' | 'promote',
  details: FailureDetails,
  prNumber: number | null,
  fromFork = false,
  extraMarkdown = '',
): Promise<ActionStatus> {
  const { io } = context;
  const markdown = failureMarkdown(step, details);
  await safeSummary(io, extraMarkdown ? `${markdown}\n${extraMarkdown}` : markdown);
  if (details.file) io.error(details.message, { file: repoPath(context.projectPrefix, details.file), startLine: details.line ?? 1 });
  if (prNumber !== null && context.inputs.comment) await postComment(context, prNumber, failureMarkdown(step, details, REVIEW_MARKER), fromFork);
  io.setOutput('status', 'error');
  io.setFailed(`dailies ${step} failed: ${details.message}${details.hint ? ` (hint: ${details.hint})` : ''}`);
  return 'error';
}
