/**
 * What the Action needs from the review library (`src/review/`), in the Action's own terms.
 * `review-library.ts` binds it to the real functions; tests may bind it to fakes.
 */
import type { RenderedReport, Review } from '../review/types.js';

export interface ProjectRequest {
  /** Absolute project folder. */
  projectDir: string;
  target?: string;
  prodTarget?: string;
  threads?: number;
  /** Environment for env_var() and profiles: never holds the Action's inputs. */
  env: Record<string, string | undefined>;
  /** Absolute folder of profiles.yml (default: the project folder, then ~/.dbt). */
  profilesDir?: string;
  /** `--vars`, parsed. */
  vars?: Record<string, unknown>;
}

export interface StoreRequest extends ProjectRequest {
  /** `github-release[:tag]`, `s3://bucket/prefix` or `file:<folder>`. */
  store: string;
  githubToken: string;
}

export interface ReviewRequest extends ProjectRequest {
  /** Base commit of the pull request (the merge-base is computed from it and HEAD). */
  base: string;
  pr: { number: number; title: string; branch: string; url: string | null };
  select: string[];
  /** Fork pull requests: compile, changed set and lineage only; nothing is built. */
  noBuild: boolean;
  noBuildReason?: string;
}

export interface CleanupRequest extends ProjectRequest {
  prNumber: number;
}

export interface PromoteRequest extends ProjectRequest {
  /** The commit production was built from (the push's `before`); null compares with the previous commit. */
  base: string | null;
}

/** What cleanup and promote report back, as lines for the job summary. */
export interface StepOutcome {
  ok: boolean;
  /** The schema dropped (cleanup) or promoted into (promote). */
  schema: string | null;
  /** Models built or dropped, by name. */
  models: string[];
  /** Markdown for the job summary. */
  markdown: string;
  /** What failed, when `ok` is false. */
  error?: { message: string; file?: string; line?: number; hint?: string };
}

export interface ReviewLibrary {
  review(request: ReviewRequest): Promise<Review>;
  cleanup(request: CleanupRequest): Promise<StepOutcome>;
  promote(request: PromoteRequest): Promise<StepOutcome>;
  render(review: Review, options: { maxChars?: number; marker: string; sampleRows?: 'on' | 'off' | 'masked'; fullReportUrl?: string; docsPreviewUrl?: string }): RenderedReport;
  /** One line for logs and the check run: status and the report's counts. */
  summaryLine(review: Review): string;
  /** Fetches the stored DuckDB production into the production target; returns a line for the log. */
  fetchProduction(request: StoreRequest): Promise<{ line: string; empty: boolean }>;
  /** Stores the production target after a promotion that published. */
  storeProduction(request: StoreRequest & { commit: string }): Promise<string>;
}
