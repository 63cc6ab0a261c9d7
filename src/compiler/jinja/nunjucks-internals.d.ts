/** nunjucks's transformer module: not re-exported by nunjucks's index, imported by path (template-compiler.ts). */
declare module 'nunjucks/src/transformer.js' {
  const transformer: { transform(ast: unknown, asyncFilters: string[], name: string): unknown };
  export default transformer;
}
