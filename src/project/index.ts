/** Reading a dbt-style project from disk. */
export * from './types.js';
export { loadProject, loadProjectSync } from './load-project.js';
export { folderConfig, mergeConfigs, normalizeConfigKeys, treeConfig, type ResourceConfigKey } from './folder-config.js';
export { createEnvRenderer, type EnvRenderer } from './env-render.js';
export { defaultTarget, findProfilesFile, profilesSearchDirs, resolveTarget, type ResolveTargetOptions } from './profiles.js';
export { parseDocBlocks } from './doc-blocks.js';
export { parseYaml, readYamlFile, type LocatedYaml } from './yaml-source.js';
export { walkFiles } from './discover-files.js';
export { compareVersions, latestVersionOf, versionedModelFiles, type VersionedFile } from './model-versions.js';
