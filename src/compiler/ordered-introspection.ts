/**
 * Introspection for a render with side effects in order: a `{% materialization %}` block. Its
 * statements must run one after another, each seeing what the one before did (create the
 * intermediate table, then rename the old one away, then rename the new one in…), and asking the
 * same question twice may get two answers (a relation missing before a statement, there after).
 *
 * So a render stops at the first question it has no answer for; the question runs on the
 * warehouse; the render starts again from the top, gets the answers of the questions before from
 * the log, in order, and goes one question further — until it runs to its end. A render must ask
 * the same questions in the same order each time (the materialization's context keeps its
 * timestamps fixed for that); one that does not is an error, never a statement run twice.
 */
import { DailiesError } from '../errors.js';
import type { Adapter } from '../warehouse/adapter.js';
import { Introspection, ReplayValues, type Answer, type RenderLog } from './introspection.js';

/** Thrown at the first unanswered question, to stop the render (never seen outside this file). */
class AwaitingAnswer extends Error {
  constructor() {
    super('waiting for the warehouse');
  }
}

export class OrderedIntrospection extends Introspection {
  private readonly log: { key: string; answer: Answer }[] = [];
  private position = 0;
  private waiting: { key: string; question: (adapter: Adapter) => Promise<unknown> } | null = null;

  constructor(
    adapter: Adapter,
    /** At most this many questions (statements and look-ups) in one render. */
    private readonly maxQuestions = 1000,
  ) {
    super(adapter);
  }

  override ask<T>(key: string, _empty: T, question: (adapter: Adapter) => Promise<T>): T {
    const index = this.position++;
    const known = this.log[index];
    if (known) {
      if (known.key !== key) {
        throw new DailiesError('compile', `the materialization asked the warehouse something else on its re-run at step ${index + 1}: first ${describe(known.key)}, now ${describe(key)}`, {
          hint: 'dailies runs a materialization by replaying it; it must ask the same things in the same order each time (no random values or clock readings outside py_current_timestring())',
        });
      }
      if (known.answer.ok) return known.answer.value as T;
      throw known.answer.error;
    }
    this.waiting = { key, question };
    throw new AwaitingAnswer();
  }

  /** Values `replay` handed out: every replay of the render gets the first's. */
  private readonly replayed = new ReplayValues();

  /** The k-th `replay(kind, …)` of a render gives the first replay's value (a clock reading, say). */
  override replay<T>(kind: string, value: T): T {
    return this.replayed.take(kind, value);
  }

  override get hasPending(): boolean {
    return this.waiting !== null;
  }

  override get asked(): boolean {
    return this.log.length > 0 || this.waiting !== null;
  }

  /** The statements run so far, in order (their keys). */
  get history(): string[] {
    return this.log.map((entry) => entry.key);
  }

  /** As Introspection's: given `log`, what the render prints is printed once, from its last replay. */
  override async renderUntilStable(render: () => string, where: { file: string; line?: number }, log?: RenderLog): Promise<string> {
    const attempt = (): { failed: boolean; output?: string; error?: unknown } => {
      try {
        return { failed: false, output: render() };
      } catch (error) {
        return { failed: true, error };
      }
    };
    for (;;) {
      this.position = 0;
      this.replayed.restart();
      this.waiting = null;
      const { value, lines } = log ? log.captureLog(attempt) : { value: attempt(), lines: [] };
      if (this.waiting === null) {
        log?.writeLog(lines);
        if (value.failed) throw value.error;
        return value.output ?? '';
      }
      const waiting = this.waiting as { key: string; question: (adapter: Adapter) => Promise<unknown> };
      if (this.log.length >= this.maxQuestions) {
        log?.writeLog(lines);
        throw new DailiesError('compile', `the materialization asked the warehouse more than ${this.maxQuestions} things`, {
          place: where,
          hint: 'a loop in the materialization keeps running statements',
        });
      }
      let answer: Answer;
      try {
        answer = { ok: true, value: await waiting.question(this.adapter!) };
      } catch (error) {
        answer = { ok: false, error: statementError(error, waiting.key) };
      }
      this.log.push({ key: waiting.key, answer });
    }
  }
}

/** A warehouse error of one of the block's statements, naming the statement. */
function statementError(error: unknown, key: string): unknown {
  if (error instanceof DailiesError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DailiesError('warehouse', `the warehouse refused ${describe(key)}: ${message}`, {
    hint: 'the statement was run by the materialization; fix its SQL (or the model SQL it wraps)',
    cause: error,
  });
}

function describe(key: string): string {
  key = key.replace(/^(query|statement):/, '');
  const text = key.length > 120 ? `${key.slice(0, 117)}...` : key;
  return `"${text.replace(/\s+/g, ' ')}"`;
}
