/**
 * Relation objects as templates see them (`this`, `ref()`, `source()`, `api.Relation.create()`):
 * dbt's BaseRelation surface (database, schema, identifier, name, table, render(), include(),
 * incorporate(), quote()), rendered with the naming rules of the target's dialect.
 */
import type { Dialect } from '../warehouse/dialect.js';
import type { Relation } from '../warehouse/adapter.js';
import { keywordsOf } from './call-args.js';

type Part = 'database' | 'schema' | 'identifier';
type Policy = Record<Part, boolean>;

const PARTS: Part[] = ['database', 'schema', 'identifier'];
/** The quoting of one case-sensitive part rendered alone (see render). */
const CASE_SENSITIVE = { identifier: true } as const;
const RELATION_CLASS: Record<string, string> = { duckdb: 'DuckDBRelation', snowflake: 'SnowflakeRelation' };

/** dbt's prefix of an ephemeral model's CTE name (`api.Relation.add_ephemeral_prefix`). */
export const EPHEMERAL_PREFIX = '__dbt__cte__';

function policyFrom(base: Policy, args: unknown[]): Policy {
  const keywords = keywordsOf(args);
  const policy = { ...base };
  for (const part of PARTS) if (typeof keywords[part] === 'boolean') policy[part] = keywords[part] as boolean;
  return policy;
}

/**
 * A relation as dbt's BaseRelation offers it to templates. Like dbt's, it is a Mapping
 * (`is mapping`, `.get('metadata')`, `['schema']`), so packages' relation checks accept it.
 */
export class TemplateRelation {
  readonly database: string | null;
  readonly schema: string;
  readonly identifier: string;
  /** Parts that render (`include(database=false)` drops one). */
  private readonly included: Policy;
  /** Parts that render quoted (`quote(identifier=false)` leaves one bare). */
  private readonly quoted: Policy;
  /** When set, the relation renders as this text instead (ephemeral CTE names). */
  private readonly literal: string | null;
  readonly type: string | null;
  /** dbt's `quoting:` of the node: parts kept exactly as written (case-sensitive on Snowflake). */
  private readonly caseSensitive: Relation['quoting'];
  /** A filter on the rows read (a microbatch batch's event-time bounds; `--empty`'s `false limit 0`): printed as a filtering subquery; `render()` stays bare. */
  private readonly inputFilter: string | null;

  constructor(
    private readonly dialect: Dialect,
    relation: Relation,
    options: { included?: Partial<Policy>; quoted?: Partial<Policy>; literal?: string | null; type?: string | null; inputFilter?: string | null } = {},
  ) {
    this.database = relation.database;
    this.schema = relation.schema;
    this.identifier = relation.identifier;
    this.caseSensitive = relation.quoting;
    this.included = { database: true, schema: true, identifier: true, ...options.included };
    this.quoted = { database: true, schema: true, identifier: true, ...options.quoted };
    this.literal = options.literal ?? null;
    this.type = options.type ?? null;
    this.inputFilter = options.inputFilter ?? null;
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

  get is_cte(): boolean {
    return this.literal !== null;
  }

  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }

  /** What dbt_utils' `_is_relation` reads: `{'type': 'DuckDBRelation'}`. */
  get metadata(): Record<string, string> {
    return { type: RELATION_CLASS[this.dialect.type] ?? 'BaseRelation' };
  }

  get path(): Record<Part, string | null> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }

  get quote_policy(): Policy {
    return { ...this.quoted };
  }

  get include_policy(): Policy {
    return { ...this.included };
  }

  /** Mapping access, as on dbt's relation: `relation.get('metadata')`, `relation['schema']`. */
  get(key: unknown, fallback: unknown = null): unknown {
    const name = String(key);
    if (['metadata', 'path', 'type', 'quote_policy', 'include_policy', 'database', 'schema', 'identifier'].includes(name)) {
      const value = (this as unknown as Record<string, unknown>)[name];
      return value === undefined || value === null ? fallback : value;
    }
    return fallback;
  }

  keys(): string[] {
    return ['path', 'type', 'quote_policy', 'include_policy'];
  }

  render(): string {
    if (this.literal !== null) return this.literal;
    let text = '';
    for (const part of PARTS) {
      const value = this[part];
      if (!this.included[part] || value === null || value === undefined || value === '') continue;
      const quoting = this.caseSensitive?.[part] ? CASE_SENSITIVE : undefined;
      const rendered = this.quoted[part] ? this.dialect.renderRelation({ database: null, schema: '', identifier: value, quoting }) : value;
      text = text === '' ? rendered : `${text}.${rendered}`;
    }
    return text;
  }

  /** As dbt's `str(relation)`: with an input filter, `(select * from <relation> where <filter>)`. */
  toString(): string {
    return this.inputFilter === null ? this.render() : `(select * from ${this.render()} where ${this.inputFilter})`;
  }

  /** This relation printing filtered by `filter` (dbt's EventTimeFilter, or render_limited's zero rows). */
  withInputFilter(filter: string): TemplateRelation {
    return new TemplateRelation(this.dialect, this.asRelation(), { included: this.included, quoted: this.quoted, literal: this.literal, type: this.type, inputFilter: filter });
  }

  private copy(relation: Relation, changes: { included?: Policy; quoted?: Policy; type?: string | null } = {}): TemplateRelation {
    return new TemplateRelation(this.dialect, relation, {
      included: changes.included ?? this.included,
      quoted: changes.quoted ?? this.quoted,
      literal: this.literal,
      type: changes.type === undefined ? this.type : changes.type,
      inputFilter: this.inputFilter,
    });
  }

  /** `include(database=false, schema=true, identifier=true)` */
  include(...args: unknown[]): TemplateRelation {
    return this.copy(this.asRelation(), { included: policyFrom(this.included, args) });
  }

  /** `quote(identifier=false)`: the parts named render bare (true: quoted). */
  quote(...args: unknown[]): TemplateRelation {
    return this.copy(this.asRelation(), { quoted: policyFrom(this.quoted, args) });
  }

  /** `incorporate(path={...}, type=...)` returns a copy with the given parts replaced. */
  incorporate(...args: unknown[]): TemplateRelation {
    const keywords = keywordsOf(args);
    const path = (keywords.path ?? {}) as Partial<Relation>;
    const relation: Relation = {
      database: path.database !== undefined ? path.database : this.database,
      schema: path.schema !== undefined ? (path.schema ?? '') : this.schema,
      identifier: path.identifier !== undefined ? (path.identifier ?? '') : this.identifier,
    };
    return this.copy(relation, { type: typeof keywords.type === 'string' ? keywords.type : this.type });
  }

  /** `replace_path(identifier=...)` */
  replace_path(...args: unknown[]): TemplateRelation {
    return this.incorporate({ path: keywordsOf(args), __keywords: true });
  }

  without_identifier(): TemplateRelation {
    return this.include({ identifier: false, __keywords: true });
  }

  /** `matches(database=, schema=, identifier=)`: the parts given equal this relation's (case-insensitively). */
  matches(...args: unknown[]): boolean {
    const keywords = keywordsOf(args);
    return PARTS.every((part) => keywords[part] === undefined || keywords[part] === null || String(keywords[part]).toLowerCase() === String(this[part] ?? '').toLowerCase());
  }

  asRelation(): Relation {
    return { database: this.database, schema: this.schema, identifier: this.identifier, ...(this.caseSensitive ? { quoting: this.caseSensitive } : {}) };
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
  get type(): null {
    this.onInspect();
    return null;
  }
  get is_cte(): boolean {
    this.onInspect();
    return false;
  }
  /** A mapping like dbt's relations, whose class every node knows before names are resolved. */
  get metadata(): Record<string, string> {
    return { type: 'BaseRelation' };
  }
  get(key: unknown, fallback: unknown = null): unknown {
    if (String(key) === 'metadata') return this.metadata;
    this.onInspect();
    return fallback;
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
  without_identifier(): PendingRelation {
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
