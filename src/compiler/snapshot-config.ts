/**
 * The config a snapshot cannot do without (dbt's rules): unique_key, strategy, and updated_at
 * (timestamp) or check_cols (check). A missing one names the snapshot's file and line.
 */
import { DailiesError } from '../errors.js';
import type { NodeDraft } from './compile-state.js';

export function checkSnapshotConfig(draft: NodeDraft): void {
  const config = draft.node.config;
  const missing: string[] = [];
  if (!config.unique_key) missing.push('unique_key');
  if (!config.strategy) missing.push('strategy');
  else if (config.strategy === 'timestamp' && !config.updated_at) missing.push('updated_at');
  else if (config.strategy === 'check' && !config.check_cols) missing.push('check_cols');
  else if (config.strategy !== 'timestamp' && config.strategy !== 'check') {
    throw new DailiesError('config', `snapshot '${draft.node.name}' has unknown strategy '${String(config.strategy)}': dailies runs the timestamp and check strategies, not a custom snapshot_${String(config.strategy)}_strategy macro (yet)`, {
      place: draft.node.dailies.place,
      hint: "use strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)",
    });
  }
  if (missing.length > 0) {
    throw new DailiesError('config', `snapshot '${draft.node.name}' is missing required config: ${missing.join(', ')}`, {
      place: draft.node.dailies.place,
      hint: 'set them in the snapshot\'s config(...) block, its YAML config, or under snapshots: in dbt_project.yml',
    });
  }
}
