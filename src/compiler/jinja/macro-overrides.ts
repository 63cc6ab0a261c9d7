/**
 * A unit test's `overrides: {macros: …}` while its model renders: each named macro answers the
 * given value instead of running. A bare name (`is_incremental`, `today_str`) replaces what the name
 * means in the render; a namespaced one (`dbt_utils.current_timestamp`) replaces that member of the
 * package's namespace; a `dbt.` one both, as dbt propagates it to the bare name.
 */

/** Where a render's globals carry their overrides (a symbol: no template name can clash). */
export const MACRO_OVERRIDES = Symbol('macro overrides');

export class MacroOverrides {
  private readonly bare = new Map<string, () => unknown>();
  private readonly members = new Map<string, Map<string, () => unknown>>();
  private readonly overlays = new WeakMap<object, object>();

  constructor(values: Record<string, unknown>) {
    for (const [key, value] of Object.entries(values)) {
      const answer = (): unknown => value;
      const dot = key.indexOf('.');
      if (dot < 0) {
        this.bare.set(key, answer);
        continue;
      }
      const [packageName, name] = [key.slice(0, dot), key.slice(dot + 1)];
      let members = this.members.get(packageName);
      if (!members) this.members.set(packageName, (members = new Map()));
      members.set(name, answer);
      if (packageName === 'dbt' && !this.bare.has(name)) this.bare.set(name, answer);
    }
  }

  /** What `name` means in the render, given what it means without overrides. */
  apply(name: string, value: unknown): unknown {
    const answer = this.bare.get(name);
    if (answer) return answer;
    const members = this.members.get(name);
    if (!members || value === null || typeof value !== 'object') return value;
    let overlay = this.overlays.get(value);
    if (!overlay) {
      overlay = Object.create(value) as object;
      for (const [member, memberAnswer] of members) Object.defineProperty(overlay, member, { value: memberAnswer, enumerable: true });
      this.overlays.set(value, overlay);
    }
    return overlay;
  }
}
