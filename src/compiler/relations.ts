/**
 * Relation objects as templates see them (`this`, `ref()`, `source()`, `api.Relation.create()`):
 * dbt's BaseRelation surface (database, schema, identifier, name, table, render(), include(),
 * incorporate(), quote()), rendered with the naming rules of the target's dialect.
 */
import type { Dialect } from '../warehouse/dialect.js';
import type { Relation } from '../warehouse/adapter.js';
import { keywordsOf } from './call-args.js';

type Part = 'database' | 'schema' | 'identifier';

export class TemplateRelation {
  readonly database: string | null;
  readonly schema: string;
  readonly identifier: string;
  /** Parts that render (`include(database=false)` drops one). */
  private readonly included: Record<Part, boolean>;
  /** When set, the relation renders as this text instead (ephemeral CTE names). */
  private readonly literal: string | null;
  readonly type: string | null;

  constructor(
    private readonly dialect: Dialect,
    relation: Relation,
    options: { included?: Partial<Record<Part, boolean>>; literal?: string | null; type?: string | null } = {},
  ) {
    this.database = relation.database;
    this.schema = relation.schema;
    this.identifier = relation.identifier;
    this.included = { database: true, schema: true, identifier: true, ...options.included };
    this.literal = options.literal ?? null;
    this.type = options.type ?? null;
  }

  get name(): string {
    return this.identifier;
  }

  get table(): string {
    return this.identifier;
  }

  get is_table(): boolean {
    return this.type === 'table';
  }

  get is_view(): boolean {
    return this.type === 'view';
  }

  render(): string {
    if (this.literal !== null) return this.literal;
    return this.dialect.renderRelation({
      database: this.included.database ? this.database : null,
      schema: this.included.schema ? this.schema : '',
      identifier: this.included.identifier ? this.identifier : '',
    });
  }

  toString(): string {
    return this.render();
  }

  /** `include(database=false, schema=true, identifier=true)` */
  include(...args: unknown[]): TemplateRelation {
    const keywords = keywordsOf(args);
    const included = { ...this.included };
    for (const part of ['database', 'schema', 'identifier'] as const) {
      if (typeof keywords[part] === 'boolean') included[part] = keywords[part] as boolean;
    }
    return new TemplateRelation(this.dialect, this.asRelation(), { included, literal: this.literal, type: this.type });
  }

  /** `incorporate(path={...}, type=...)` returns a copy with the given parts replaced. */
  incorporate(...args: unknown[]): TemplateRelation {
    const keywords = keywordsOf(args);
    const path = (keywords.path ?? {}) as Partial<Relation>;
    const relation: Relation = {
      database: path.database !== undefined ? path.database : this.database,
      schema: path.schema ?? this.schema,
      identifier: path.identifier ?? this.identifier,
    };
    const type = typeof keywords.type === 'string' ? keywords.type : this.type;
    return new TemplateRelation(this.dialect, relation, { included: this.included, type });
  }

  /** Quoting is always on for dailies relations; `quote(...)` keeps the relation as is. */
  quote(): TemplateRelation {
    return this;
  }

  asRelation(): Relation {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }
}

export function isTemplateRelation(value: unknown): value is TemplateRelation {
  return value instanceof TemplateRelation;
}

/** A relation-like value that renders as a fixed text (a `where`-wrapped test model). */
export class SubqueryRelation extends TemplateRelation {
  constructor(
    dialect: Dialect,
    relation: Relation,
    private readonly sql: string,
  ) {
    super(dialect, relation);
  }

  override render(): string {
    return this.sql;
  }
}

/**
 * The relation a parse render hands out before relation names are known: it renders as a
 * placeholder token that the compiler substitutes later, and notes when a template looks inside it
 * (then the node must be rendered again with real relations).
 */
export class PendingRelation {
  constructor(
    private readonly token: string,
    private readonly onInspect: () => void,
    private readonly onPrint: (token: string) => void,
  ) {}

  private inspected(): string {
    this.onInspect();
    return '';
  }

  get database(): string {
    return this.inspected();
  }
  get schema(): string {
    return this.inspected();
  }
  get identifier(): string {
    return this.inspected();
  }
  get name(): string {
    return this.inspected();
  }
  get table(): string {
    return this.inspected();
  }
  render(): string {
    this.onPrint(this.token);
    return this.token;
  }
  toString(): string {
    this.onPrint(this.token);
    return this.token;
  }
  include(): PendingRelation {
    this.onInspect();
    return this;
  }
  incorporate(): PendingRelation {
    this.onInspect();
    return this;
  }
  quote(): PendingRelation {
    return this;
  }
}
