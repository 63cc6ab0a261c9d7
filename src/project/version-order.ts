/** How dbt orders model versions (no imports: the graph and the docs site use it too). */

/** dbt's ordering of versions (UnparsedVersion.__lt__): as numbers when both read as numbers, else as text. */
export function compareVersions(a: number | string, b: number | string): number {
  const x = Number(a);
  const y = Number(b);
  if (String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : x > y ? 1 : 0;
  const p = String(a);
  const q = String(b);
  return p < q ? -1 : p > q ? 1 : 0;
}
