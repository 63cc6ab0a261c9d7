/** The project compiler: project → manifest, plus rendering for execution and compiled files on disk. */
export { compileProject } from './project-compiler.js';
export { writeCompiledFiles, compiledFilePath } from './compiled-files.js';
export { injectCtes } from './ephemeral-ctes.js';
export type { CompileOptions, CompileProject, ProjectCompiler, RunRuntime } from './api.js';
