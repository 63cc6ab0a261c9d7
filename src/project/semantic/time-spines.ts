/** A model's `time_spine:`, checked against the model's columns as dbt-core 1.11 does. */
import { SemanticReader } from './reader.js';
import type {
  TimeSpineProperties,
} from './types.js';
import { isPlainMap, type ShapeChecker, type YamlMap } from '../yaml-shapes.js';

/** `time_spine:` of the entries of `models:`, checked against the model's columns as dbt does. */
export function readTimeSpines(shapes: ShapeChecker, top: YamlMap, packageName: string): TimeSpineProperties[] {
  const reader = new SemanticReader(shapes);
  const spines: TimeSpineProperties[] = [];
  // the entries were checked by readNodeEntries already: only those with a time spine are looked at
  const entries = Array.isArray(top.models) ? top.models : [];
  for (const entry of entries) {
    if (!isPlainMap(entry) || entry.time_spine === undefined || entry.time_spine === null) continue;
    const name = String(entry.name);
    const where = `\`time_spine\` of model "${name}"`;
    const spine = shapes.map(entry, 'time_spine', `model "${name}"`);
    const standard = reader.required(spine, 'standard_granularity_column', where, 'date_day');
    const columns = new Map<string, YamlMap>();
    for (const column of shapes.namedEntries(entry, 'columns', `model "${name}"`)) columns.set(String(column.name), column);
    const column = columns.get(standard);
    if (!column) {
      shapes.fail(spine, 'standard_granularity_column', `Time spine standard granularity column must be defined on the model. Got invalid column name '${standard}' for model '${name}'. Valid names: [${[...columns.keys()].map((c) => `'${c}'`).join(', ')}].`, `Add \`- name: ${standard}\` with \`granularity: day\` under the model's \`columns:\`.`);
    }
    const granularity = reader.granularity(column!, 'granularity', `column "${standard}" of model "${name}"`);
    if (granularity === null) {
      return shapes.fail(column, undefined, `Time spine standard granularity column must have a granularity defined. Please add one for column '${standard}' in model '${name}'.`, 'Add e.g. `granularity: day` to the column.');
    }
    const customs = shapes.namedEntries(spine, 'custom_granularities', where).map((raw) => ({ name: String(raw.name), column_name: reader.text(raw, 'column_name', where) }));
    const missing = customs.map((custom) => custom.column_name ?? custom.name).filter((columnName) => !columns.has(columnName));
    if (missing.length > 0) {
      shapes.fail(spine, 'custom_granularities', `Time spine custom granularity columns do not exist in the model. Columns not found: [${missing.map((c) => `'${c}'`).join(', ')}]; Available columns: [${[...columns.keys()].map((c) => `'${c}'`).join(', ')}]`, 'Name columns the model has.');
    }
    spines.push({ model: name, packageName, standardGranularityColumn: standard, granularity, customGranularities: customs, place: reader.place(entry, 'time_spine') });
  }
  return spines;
}
