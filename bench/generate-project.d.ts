/** Types for bench/generate-project.js (plain JavaScript so that it runs without a build). */
export interface GeneratedProject {
  dir: string;
  models: number;
  staging: number;
  intermediate: number;
  marts: number;
  tests: number;
  sources: number;
  files: number;
}

export function layerSizes(models: number): { staging: number; intermediate: number; marts: number };
export function generateProject(options: { dir: string; models: number; seed?: number }): GeneratedProject;

/** mulberry32: uniform numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number;
