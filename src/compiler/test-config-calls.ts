/**
 * Which generic tests set config from their macro (`{{ config(fail_calc=…) }}` in dbt_utils'
 * equal_rowcount, say): dbt's parse renders each test's macro and keeps those calls, so a parse
 * that compiles no node still renders these tests — found from the macros' text, following
 * `depends_on.macros` (dispatch included) — and only these.
 */
import type { Manifest } from '../graph/types.js';
import type { NodeDraft } from './compile-state.js';

const CONFIG_CALL = /\bconfig\s*\(/;

export function testConfigCalls(manifest: Manifest): (draft: NodeDraft) => boolean {
  const memo = new Map<string, boolean>();
  const callsConfig = (id: string, seen: Set<string>): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false;
    seen.add(id);
    const macro = manifest.macros[id];
    const found = macro !== undefined && (CONFIG_CALL.test(macro.macro_sql) || macro.depends_on.macros.some((callee) => callsConfig(callee, seen)));
    memo.set(id, found);
    return found;
  };
  // a generic test's draft names its test macro (and get_where_subquery) in directMacros
  return (draft) => draft.renderTest !== undefined && draft.directMacros.some((id) => callsConfig(id, new Set()));
}
