/**
 * Which profile target is production: `--prod-target` when given, else a target named `prod`
 * when the profile has one, else the PR's own target. The PR never builds in it: it builds in a
 * review session that reads production (see `openReviewSession`).
 */
import { isDailiesError } from '../errors.js';
import { findProfilesFile, loadProject, resolveTarget } from '../project/index.js';
import type { Project, TargetConfig } from '../project/types.js';

export interface ProjectLocation {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  /** `--vars`, already parsed. */
  vars?: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

export function loadReviewProject(location: ProjectLocation): Promise<Project> {
  return loadProject(location);
}

export function productionTarget(project: Project, location: ProjectLocation, prodTarget?: string): TargetConfig {
  const resolveNamed = (targetName: string): TargetConfig =>
    resolveTarget({
      projectDir: project.root,
      profileName: project.profileName,
      profilesDir: location.profilesDir,
      targetName,
      targetPath: project.rootPackage.config.targetPath,
      env: project.env,
    });
  if (prodTarget !== undefined) return resolveNamed(prodTarget);
  if (project.target.name === 'prod') return project.target;
  if (!findProfilesFile({ projectDir: project.root, profilesDir: location.profilesDir, env: project.env })) return project.target;
  try {
    return resolveNamed('prod');
  } catch (error) {
    if (isDailiesError(error) && error.message.startsWith('Target "prod" not found')) return project.target;
    throw error;
  }
}

/** The seed CSVs of every package: the only files a review session may read. */
export function seedFiles(project: Project): string[] {
  return project.packages.flatMap((pkg) => pkg.seeds.map((file) => file.absPath));
}

/** The project with another target (same files, other warehouse names). */
export function withTarget(project: Project, target: TargetConfig): Project {
  return { ...project, target };
}
