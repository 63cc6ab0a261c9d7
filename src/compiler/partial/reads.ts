/**
 * What one parse render read besides its own file, properties and config: the vars and env vars
 * it looked up, whether it read `flags`, and whether it read something a memo cannot key on
 * (`graph`, `invocation_id`, `run_started_at`, `doc()`), which makes its result uncacheable.
 * The compile state holds the reads of the render under way (renders are synchronous).
 */
export interface RenderReads {
  /** var name → JSON of what the lookup found (`{"found":false}` when unset). */
  vars: Map<string, string>;
  /** env var name → value (null: unset). */
  env: Map<string, string | null>;
  flags: boolean;
  /** Read something no key covers: the result must not be reused. */
  volatile: boolean;
}

export function emptyReads(): RenderReads {
  return { vars: new Map(), env: new Map(), flags: false, volatile: false };
}

/** The holder of the reads under way (the compile state). */
export interface ReadsHolder {
  reads: RenderReads | undefined;
}

export function noteVar(holder: ReadsHolder, name: string, found: { found: boolean; value?: unknown }): void {
  if (!holder.reads || holder.reads.vars.has(name)) return;
  let text: string | undefined;
  try {
    text = JSON.stringify(found);
  } catch {
    text = undefined;
  }
  if (text === undefined) holder.reads.volatile = true;
  else holder.reads.vars.set(name, text);
}

export function noteEnv(holder: ReadsHolder, name: string, value: string | undefined): void {
  if (holder.reads && !holder.reads.env.has(name)) holder.reads.env.set(name, value ?? null);
}

export function noteVolatile(holder: ReadsHolder): void {
  if (holder.reads) holder.reads.volatile = true;
}

export function noteFlags(holder: ReadsHolder): void {
  if (holder.reads) holder.reads.flags = true;
}
