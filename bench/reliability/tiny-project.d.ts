/** Types for bench/reliability/tiny-project.js (plain JavaScript so that it runs without a build). */
export const DIM_USERS: string;
export const BASE_FILES: Record<string, string>;

export interface TinyRepo {
  root: string;
  dir: string;
  /** Production's DuckDB file (beside the project folder). */
  prodPath: string;
  /** A scratch DuckDB file (profile target `fresh`) beside it. */
  freshPath: string;
  git(...args: string[]): string;
  write(file: string, text: string): void;
  read(file: string): string;
  remove(file: string): void;
  head(): string;
  /** `git add -A && git commit` (empty commits allowed); returns the new commit. */
  commit(message: string): string;
  dispose(): void;
}

export function createTinyRepo(files?: Record<string, string>): TinyRepo;
export function databaseChecksums(path: string, options?: { skipSchemas?: string[] }): Promise<Record<string, string>>;
export function checksumDifferences(before: Record<string, string>, after: Record<string, string>): string[];
