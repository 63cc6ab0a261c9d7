/** A DuckDB target's `settings:` mapping, as DuckDB configuration options. */
import { DailiesError } from '../../errors.js';
import type { TargetConfig } from '../../project/types.js';

export function settingsOf(target: TargetConfig): Record<string, string> {
  const settings = target.settings;
  if (settings === undefined || settings === null) return {};
  if (typeof settings !== 'object' || Array.isArray(settings)) {
    throw new DailiesError('config', `target '${target.name}': settings must be a mapping of DuckDB option names to values`, { hint: 'write e.g. `settings: {memory_limit: 2GB}` in profiles.yml' });
  }
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]));
}

