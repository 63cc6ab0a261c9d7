/** Types for bench/reliability/hostile-prs.js. */
export interface HostilePr {
  name: string;
  files: Record<string, string> | ((context: { prodPath: string; projectYml: string }) => Record<string, string>);
  /** The node the review must report as failed, or `review` when the review itself must refuse. */
  fails: string;
  absent?: string[];
}

export interface HostileOutcome {
  name: string;
  exitCode: number;
  status: 'success' | 'failure' | 'error' | null;
  failedNodes: string[];
  error: string | null;
  /** Production relations (or schemas) whose contents differ after the review. */
  changed: string[];
  /** The review reported the attempt as the expected failure. */
  reported: boolean;
  /** Files the PR tried to write that exist afterwards. */
  leaked: string[];
  log: string;
}

export type CliMain = (argv: string[], io: { stdout(text: string): void; stderr(text: string): void; env: Record<string, string | undefined>; cwd: string }) => Promise<number>;

export const HOSTILE_PRS: HostilePr[];
export function runHostileSuite(
  main: CliMain,
  options?: { only?: string[]; variants?: HostilePr[]; onOutcome?: (outcome: HostileOutcome) => void },
): Promise<{ outcomes: HostileOutcome[]; totals: { prs: number; productionChanges: number; reportedAsFailure: number; leakedFiles: number } }>;
