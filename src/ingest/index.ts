/** Sample data and the landing-zone loader: the public API of `src/ingest`. */
export {
  DEFAULT_SCALE,
  DEFAULT_SEED,
  SAMPLE_TABLE_HEADERS,
  generateSampleData,
  sampleFilePath,
  type SampleDataFile,
  type SampleDataOptions,
  type SampleDataReport,
  type SampleTable,
} from './sample-data/index.js';
export {
  DEFAULT_INSURANCE_SCALE,
  INSURANCE_TABLE_HEADERS,
  PLANTED_VIOLATIONS,
  generateInsuranceData,
  insuranceBatch,
  type InsuranceDataOptions,
  type InsuranceTable,
} from './insurance-data/index.js';
export { SAMPLE_DATASET_NAMES, sampleDataset, type SampleDataset, type SampleDatasetOptions } from './sample-datasets.js';
export { loadLandingZone, type LoadOptions } from './load.js';
export { rawColumnTypes } from './raw-column-types.js';
export type { DeclaredColumnType, RawColumnTypes } from './typed-columns.js';
export { formatLoadEvent, formatLoadReport, type LoadFileEvent, type LoadFileStatus, type LoadReport } from './load-report.js';
export { openLandingZone } from './open-zone.js';
export { parseS3Url, type FetchedObject, type LandingObject, type LandingZone, type S3Options } from './landing-zone.js';
export { LEDGER_TABLE } from './ledger.js';
export { LOADED_AT_COLUMN, LOAD_ID_COLUMN } from './raw-table.js';
