export const repoRoot: string;
export const EXTERNAL: string[];
export function buildAction(outdir?: string): Promise<{ file: string; externals: string[] }>;
