/** Types for bench/reliability/missed-promotions.js. */
import type { CliMain } from './hostile-prs.js';

export interface MergeEntry {
  step: number;
  sha: string;
  action: string;
  /** The promotion's status (null when skipped). */
  status: string | null;
  /** Relations where production differed from a fresh build of main after a successful promotion. */
  differences: string[];
}

export interface MissedPromotionCounts {
  merges: number;
  promoted: number;
  skipped: number;
  failed: number;
  cancelled: number;
  cancelledAfterPublish: number;
  comparisons: number;
  mismatches: number;
}

export function seededRandom(seed: number): () => number;
export function runMissedPromotionSuite(
  dailies: { main: CliMain; promote: (options: { projectDir: string; env: Record<string, string | undefined>; signal?: AbortSignal }) => Promise<{ status: string; error?: { message: string }; builds: { status: string }[] }> },
  options?: { merges?: number; seed?: number; actions?: string[]; onMerge?: (entry: MergeEntry) => void },
): Promise<{ counts: MissedPromotionCounts; history: MergeEntry[] }>;
