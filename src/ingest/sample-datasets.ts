/**
 * The sample datasets dailies can generate, one per example project: `movies` (the movie project
 * at the repository root) and `insurance` (examples/insurance). A project names its dataset with
 * the var `sample_dataset` (in dbt_project.yml or --vars); without it, `movies`.
 */
import { DailiesError } from '../errors.js';
import type { Project } from '../project/types.js';
import { generateInsuranceData } from './insurance-data/index.js';
import { generateSampleData } from './sample-data/index.js';

export interface SampleDatasetOptions {
  outDir: string;
  scale?: number;
  day?: number;
  seed?: number;
  /** Plant the dataset's deliberate rule violations (insurance only). */
  dirty?: boolean;
}

export interface SampleDatasetReport {
  files: { path: string; rows: number }[];
  totalRows: number;
}

export interface SampleDataset {
  name: string;
  /** Days the demo writes and builds, so snapshots and incremental models get history. */
  demoDays: number;
  /** The model the demo suggests looking at next. */
  showcaseModel: string;
  generate(options: SampleDatasetOptions): Promise<SampleDatasetReport>;
}

const DATASETS: readonly SampleDataset[] = [
  {
    name: 'movies',
    demoDays: 2,
    showcaseModel: 'rpt_genre_year_ratings',
    async generate(options) {
      if (options.dirty) {
        throw new DailiesError('usage', '--dirty plants rule violations in the insurance dataset only', { hint: 'omit --dirty for the movie dataset' });
      }
      return generateSampleData(options);
    },
  },
  { name: 'insurance', demoDays: 3, showcaseModel: 'rpt_regulatory', generate: generateInsuranceData },
];

export const SAMPLE_DATASET_NAMES = DATASETS.map((dataset) => dataset.name);

/** The dataset called `name`, or the one the project names in its `sample_dataset` var. */
export function sampleDataset(project: Project | undefined, name?: string): SampleDataset {
  const chosen = name ?? projectDatasetName(project) ?? 'movies';
  const dataset = DATASETS.find((candidate) => candidate.name === chosen);
  if (!dataset) {
    throw new DailiesError('usage', `unknown sample dataset '${chosen}'`, { hint: `choose one of: ${SAMPLE_DATASET_NAMES.join(', ')}` });
  }
  return dataset;
}

function projectDatasetName(project: Project | undefined): string | undefined {
  if (!project) return undefined;
  const value = project.cliVars.sample_dataset ?? project.rootPackage.config.vars.sample_dataset;
  return value === undefined || value === null ? undefined : String(value);
}
