/**
 * Compile-time introspection. Templates are synchronous, adapters are not: a render records each
 * question it could not answer yet (getting an empty answer for now), the questions run on the
 * adapter, and the node renders again — until a render asks nothing new (at most 5 rounds).
 */
import { DailiesError } from '../errors.js';
import type { Adapter } from '../warehouse/adapter.js';
import type { JinjaEnvironment } from './jinja/types.js';

const MAX_ROUNDS = 5;

/** What renderUntilStable needs of the template environment to print a render's lines once. */
export type RenderLog = Pick<JinjaEnvironment, 'captureLog' | 'writeLog'>;

const dropping = new WeakMap<RenderLog, RenderLog>();

/** `log`, but what a render prints is dropped (a preview nobody asked to see printing). */
export function droppingLog(log: RenderLog): RenderLog {
  let quiet = dropping.get(log);
  if (!quiet) dropping.set(log, (quiet = { captureLog: (work) => log.captureLog(work), writeLog: () => {} }));
  return quiet;
}

export type Answer = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * What `replay` handed out, by kind, in order: each new render (a round, a replay) starts again
 * from the first value, so the k-th `replay(kind, …)` of every render gets the first render's.
 */
export class ReplayValues {
  private readonly values = new Map<string, unknown[]>();
  private cursor = new Map<string, number>();

  /** A new render begins. */
  restart(): void {
    this.cursor = new Map();
  }

  take<T>(kind: string, value: T): T {
    const index = this.cursor.get(kind) ?? 0;
    this.cursor.set(kind, index + 1);
    let values = this.values.get(kind);
    if (!values) this.values.set(kind, (values = []));
    if (index < values.length) return values[index] as T;
    values.push(value);
    return value;
  }
}

export class Introspection {
  private readonly answers = new Map<string, Answer>();
  private readonly pending = new Map<string, (adapter: Adapter) => Promise<unknown>>();
  /** How many questions renders asked so far, answered or not (with no adapter, none is answered). */
  questions = 0;
  /** The render rounds' replayed values (see `replay`), while renderUntilStable renders. */
  private session: ReplayValues | null = null;

  constructor(readonly adapter: Adapter | undefined) {}

  /** The cached answer to `key`, or `empty` while the question waits for the adapter. */
  ask<T>(key: string, empty: T, question: (adapter: Adapter) => Promise<T>): T {
    this.questions++;
    const answer = this.answers.get(key);
    if (answer) {
      if (answer.ok) return answer.value as T;
      throw answer.error;
    }
    if (this.adapter) this.pending.set(key, question);
    return empty;
  }

  /**
   * The value the k-th `replay(kind, …)` of this render gives: the first round's, in every round
   * of one renderUntilStable, so a template that names a temp relation by the clock
   * (`py_current_timestring`) asks the same questions again and settles, as one dbt render would.
   */
  replay<T>(kind: string, value: T): T {
    return this.session ? this.session.take(kind, value) : value;
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** True when any render so far asked the adapter something. */
  get asked(): boolean {
    return this.answers.size > 0 || this.pending.size > 0;
  }

  private async answerPending(): Promise<void> {
    const adapter = this.adapter;
    if (!adapter) return;
    const questions = [...this.pending];
    this.pending.clear();
    await Promise.all(
      questions.map(async ([key, question]) => {
        try {
          this.answers.set(key, { ok: true, value: await question(adapter) });
        } catch (error) {
          this.answers.set(key, { ok: false, error: asWarehouseError(error) });
        }
      }),
    );
  }

  /**
   * Renders until no new question is asked; errors of rounds that were waiting for answers are
   * swallowed. Given `log` (the template environment), what a render prints is printed once, from
   * the render that counts (the last), not once per round.
   */
  async renderUntilStable(render: () => string, where: { file: string; line?: number }, log?: RenderLog): Promise<string> {
    const session = new ReplayValues();
    const attempt = (): { failed: boolean; output?: string; error?: unknown } => {
      const outer = this.session;
      this.session = session;
      session.restart();
      try {
        return { failed: false, output: render() };
      } catch (error) {
        return { failed: true, error };
      } finally {
        this.session = outer;
      }
    };
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      this.pending.clear();
      const { value, lines } = log ? log.captureLog(attempt) : { value: attempt(), lines: [] };
      if (value.failed && !this.hasPending) {
        log?.writeLog(lines);
        throw value.error;
      }
      if (!this.hasPending && value.output !== undefined) {
        log?.writeLog(lines);
        return value.output;
      }
      await this.answerPending();
    }
    throw new DailiesError('compile', `introspection did not settle after ${MAX_ROUNDS} renders`, {
      place: where,
      hint: 'a macro keeps asking the warehouse new questions on every render; make its queries depend only on the answers of earlier ones',
    });
  }
}

function asWarehouseError(error: unknown): unknown {
  if (error instanceof DailiesError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DailiesError('warehouse', `introspection query failed: ${message}`, { cause: error });
}
