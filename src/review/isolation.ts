/**
 * What a pull request's build did outside its nodes, as failures of the review: project hooks
 * (on-run-start/-end) that failed — in a review session, a hook that writes production fails —
 * and relations the build left in its own storage outside the PR schemas (production's rows read
 * and written elsewhere).
 */
import type { Manifest } from '../graph/types.js';
import type { ReviewSession } from '../warehouse/adapter.js';
import { belongsToPrSchema } from './pr-schema.js';
import type { BuildOutcome } from './types.js';

export async function isolationOutcomes(session: ReviewSession, manifest: Manifest, hookErrors: string[], prSchema: string): Promise<BuildOutcome[]> {
  const project = manifest.metadata.project_name ?? 'project';
  const outcomes: BuildOutcome[] = hookErrors.map((text) => {
    const which = text.startsWith('on-run-end') ? 'on-run-end' : 'on-run-start';
    return {
      uniqueId: `operation.${project}.${which}`,
      name: which,
      resourceType: 'operation',
      status: 'error',
      message: text.slice(which.length + 2),
      file: 'dbt_project.yml',
      seconds: 0,
    };
  });
  const stray = await session.strayRelations((schema) => belongsToPrSchema(schema, prSchema));
  if (stray.length > 0) {
    outcomes.push({
      uniqueId: `operation.${project}.isolation`,
      name: 'writes outside the PR schema',
      resourceType: 'operation',
      status: 'error',
      message: `the build created ${stray.join(', ')} outside the schema ${prSchema}: a pull request's build may only write its own schemas`,
      file: 'dbt_project.yml',
      seconds: 0,
    });
  }
  return outcomes;
}
