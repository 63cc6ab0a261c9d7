/**
 * Hooks: a node's pre-/post-hooks around it, and the root project's on-run-start / on-run-end
 * around the whole run. Each hook is rendered by the compiler, then executed.
 */
import type { Manifest, ManifestNode } from '../graph/types.js';
import type { RunContext } from './context.js';

export async function runNodeHooks(context: RunContext, node: ManifestNode, which: 'pre' | 'post', isIncremental: boolean): Promise<void> {
  const hooks = which === 'pre' ? node.config['pre-hook'] : node.config['post-hook'];
  for (const hook of hooks ?? []) {
    const sql = await context.compiler.renderHook(hookSql(hook), node.unique_id, { isIncremental, adapter: context.adapter });
    if (sql.trim() !== '') await context.adapter.execute(sql);
  }
}

/** dbt allows a hook to be a string or `{sql: ..., transaction: ...}`. */
function hookSql(hook: unknown): string {
  if (typeof hook === 'string') return hook;
  if (hook && typeof hook === 'object' && typeof (hook as { sql?: unknown }).sql === 'string') return (hook as { sql: string }).sql;
  return String(hook ?? '');
}

/**
 * The root project's on-run-start / on-run-end hooks, as the compiler put them in the manifest:
 * `operation` nodes named `<project>-on-run-start-<n>` (dbt's naming), in index order.
 */
export function projectHooks(manifest: Manifest, which: 'on-run-start' | 'on-run-end'): string[] {
  const project = manifest.metadata.project_name;
  const pattern = new RegExp(`-${which}-(\\d+)$`);
  return Object.values(manifest.nodes)
    .filter((node) => node.resource_type === 'operation' && (!project || node.package_name === project) && pattern.test(node.name))
    .map((node) => ({ index: Number(pattern.exec(node.name)![1]), sql: node.raw_code }))
    .sort((a, b) => a.index - b.index)
    .map((hook) => hook.sql);
}

export interface HookRun {
  index: number;
  total: number;
  status: 'success' | 'error';
  message: string;
  executionTime: number;
}

/** Runs project-level hooks in order; stops at the first failure. */
export async function runProjectHooks(context: RunContext, hooks: string[], onHook: (run: HookRun) => void): Promise<string | null> {
  for (const [index, hook] of hooks.entries()) {
    const started = performance.now();
    try {
      const sql = await context.compiler.renderHook(hookSql(hook), null, { isIncremental: false, adapter: context.adapter });
      if (sql.trim() !== '') await context.adapter.execute(sql);
      onHook({ index: index + 1, total: hooks.length, status: 'success', message: 'OK', executionTime: (performance.now() - started) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      onHook({ index: index + 1, total: hooks.length, status: 'error', message, executionTime: (performance.now() - started) / 1000 });
      return message;
    }
  }
  return null;
}
