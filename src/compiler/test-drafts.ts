/**
 * Every generic test the YAML declares: on enabled models, seeds and snapshots (entry-level and
 * column-level), and on source tables.
 */
import type { LoadedPackage, TestDefinition } from '../project/types.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { genericTestDraft, type TestSubject } from './generic-tests.js';

function addAll(state: CompileState, out: NodeDraft[], subject: TestSubject, tests: TestDefinition[], columns: { name: string; tests: TestDefinition[] }[]): void {
  for (const definition of tests) out.push(genericTestDraft(state, subject, null, definition));
  for (const column of columns) {
    for (const definition of column.tests) out.push(genericTestDraft(state, subject, column.name, definition));
  }
}

export function testDrafts(state: CompileState, nodes: NodeDraft[]): NodeDraft[] {
  const out: NodeDraft[] = [];
  for (const draft of nodes) {
    const props = draft.props;
    if (!props || draft.kind === 'test' || draft.kind === 'analysis') continue;
    const version = draft.node.version ?? null;
    // dbt names a versioned model's tests after `<name>_v<version>` and refs the version
    const subject: TestSubject = {
      uniqueId: draft.node.unique_id,
      targetName: version === null ? draft.node.name : `${draft.node.name}_v${String(version)}`,
      refExpression: version === null ? `ref('${draft.node.name}')` : `ref('${draft.node.name}', version='${String(version)}')`,
      isSource: false,
      pkg: draft.pkg,
      ref: { name: draft.node.name, package: null, version },
    };
    addAll(state, out, subject, props.tests, props.columns);
  }
  const packages = new Map<string, LoadedPackage>(state.project.packages.map((pkg) => [pkg.name, pkg]));
  for (const pkg of state.project.packages) {
    for (const source of pkg.properties.sources) {
      for (const table of source.tables) {
        const uniqueId = `source.${pkg.name}.${source.name}.${table.name}`;
        if (!state.manifest.sources[uniqueId]) continue;
        const subject: TestSubject = {
          uniqueId,
          targetName: `${source.name}_${table.name}`,
          refExpression: `source('${source.name}', '${table.name}')`,
          isSource: true,
          pkg: packages.get(pkg.name) ?? pkg,
          source: [source.name, table.name],
        };
        addAll(state, out, subject, table.tests, table.columns);
      }
    }
  }
  return out;
}
