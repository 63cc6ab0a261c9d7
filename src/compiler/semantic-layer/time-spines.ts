/** A model's `time_spine:` onto its manifest node (and the standard column's granularity), as dbt writes them. */
import type { CompileState } from '../compile-state.js';

export function markTimeSpines(state: CompileState): void {
  for (const pkg of state.project.packages) {
    for (const spine of pkg.properties.semantic.timeSpines) {
      const node = state.manifest.nodes[`model.${pkg.name}.${spine.model}`];
      if (!node) continue;
      node.time_spine = { standard_granularity_column: spine.standardGranularityColumn, custom_granularities: spine.customGranularities };
      const column = node.columns[spine.standardGranularityColumn];
      if (column) column.granularity = spine.granularity;
    }
  }
}
