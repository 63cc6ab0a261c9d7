/**
 * The RAW column types a project declares: `columns[].data_type` of the source tables that describe
 * the RAW schema. A source table describes RAW table `<schema>.<table>` when its schema (`schema:`,
 * default the source's name) is the RAW schema and its identifier (`identifier:`, default its name)
 * is the table, both compared case-insensitively as the warehouse does for unquoted names. Column
 * names are kept exactly as written: they must match the CSV header.
 */
import { DailiesError, formatPlace } from '../errors.js';
import type { Project } from '../project/types.js';
import type { DeclaredColumnType, RawColumnTypes } from './typed-columns.js';

export function rawColumnTypes(project: Project, schema: string): RawColumnTypes {
  const tables = new Map<string, Map<string, DeclaredColumnType>>();
  for (const pkg of project.packages) {
    for (const source of pkg.properties.sources) {
      // An unrendered schema (`{{ target.schema }}`) cannot name the RAW schema here.
      const sourceSchema = source.schema ?? source.name;
      if (source.config.enabled === false || sourceSchema.toLowerCase() !== schema.toLowerCase()) continue;
      for (const table of source.tables) {
        if (table.config.enabled === false) continue;
        const key = (table.identifier ?? table.name).toLowerCase();
        for (const column of table.columns) {
          if (column.dataType === undefined) continue;
          const columns = tables.get(key) ?? new Map<string, DeclaredColumnType>();
          tables.set(key, columns);
          const earlier = columns.get(column.name);
          if (earlier && earlier.dataType.trim().toLowerCase() !== column.dataType.trim().toLowerCase()) {
            throw new DailiesError('yaml', `RAW column ${key}.${column.name} is declared twice with different types: ${earlier.dataType} in ${formatPlace(earlier.place)}, ${column.dataType} here`, {
              place: column.dataTypePlace ?? column.place,
              hint: 'declare the data_type of a RAW column in one source table only, or give both the same type',
            });
          }
          columns.set(column.name, { dataType: column.dataType, place: column.dataTypePlace ?? column.place });
        }
      }
    }
  }
  return tables;
}
