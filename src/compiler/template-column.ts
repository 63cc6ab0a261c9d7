/**
 * dbt's Column as templates see it (`adapter.get_columns_in_relation`, `api.Column(...)`):
 * `name`, `column`, `dtype`, `data_type` spelled as dbt spells it (`character varying(256)` for
 * strings), `quoted`, `char_size`, and the `is_string()`/`is_number()`/… checks of dbt-core's
 * Column with dbt-duckdb's integer and float names.
 */
import { callArguments } from './jinja/index.js';

const STRING_TYPES = new Set(['text', 'character varying', 'character', 'varchar']);
const FLOAT_TYPES = new Set(['real', 'float4', 'float', 'double precision', 'float8', 'double']);
const INTEGER_TYPES = new Set([
  'tinyint', 'smallint', 'integer', 'bigint', 'hugeint', 'smallserial', 'serial', 'bigserial',
  'utinyint', 'usmallint', 'uinteger', 'ubigint', 'int1', 'int2', 'int4', 'int8', 'serial2', 'serial4', 'serial8',
  'short', 'int', 'signed', 'long',
]);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);

/** dbt's `Column.TYPE_LABELS`: the only translation dbt-core and dbt-duckdb make. */
const TYPE_LABELS: Record<string, string> = { STRING: 'TEXT' };

export class TemplateColumn {
  constructor(
    readonly column: string,
    readonly dtype: string,
    readonly char_size: number | null = null,
    readonly numeric_precision: number | null = null,
    readonly numeric_scale: number | null = null,
    /** Not dbt's: whether the warehouse reports the column nullable (dailies's own macros read it). */
    readonly is_nullable: boolean = true,
  ) {}

  get name(): string {
    return this.column;
  }

  get quoted(): string {
    return `"${this.column}"`;
  }

  get data_type(): string {
    if (this.is_string()) return TemplateColumn.string_type(this.string_size());
    if (this.is_numeric()) return TemplateColumn.numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }

  get expanded_data_type(): string {
    return this.data_type;
  }

  is_string(): boolean {
    return STRING_TYPES.has(this.dtype.toLowerCase());
  }

  is_float(): boolean {
    return FLOAT_TYPES.has(this.dtype.toLowerCase());
  }

  is_integer(): boolean {
    return INTEGER_TYPES.has(this.dtype.toLowerCase());
  }

  is_numeric(): boolean {
    return NUMERIC_TYPES.has(this.dtype.toLowerCase());
  }

  is_number(): boolean {
    return this.is_integer() || this.is_numeric() || this.is_float();
  }

  is_struct(): boolean {
    return this.dtype.toLowerCase().startsWith('struct');
  }

  string_size(): number {
    if (!this.is_string()) throw new Error('Called string_size() on non-string field!');
    return this.dtype === 'text' || this.char_size === null ? 256 : this.char_size;
  }

  can_expand_to(other: TemplateColumn): boolean {
    return this.is_string() && other.is_string() && other.string_size() > this.string_size();
  }

  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }

  toString(): string {
    return `<Column ${this.column} (${this.dtype})>`;
  }

  static translate_type(dtype: unknown): string {
    const text = String(dtype);
    return TYPE_LABELS[text.toUpperCase()] ?? text;
  }

  static string_type(size: unknown): string {
    return `character varying(${String(size)})`;
  }

  static numeric_type(dtype: unknown, precision: unknown, scale: unknown): string {
    if (precision === null || precision === undefined || scale === null || scale === undefined) return String(dtype);
    return `${String(dtype)}(${String(precision)},${String(scale)})`;
  }

  /** dbt's `Column.from_description(name, 'varchar(20)')`: sizes and precision read from the type text. */
  static from_description(name: unknown, rawType: unknown): TemplateColumn {
    const match = /^([^(]+)(\(([^)]+)\))?/.exec(String(rawType));
    const dtype = match?.[1] ?? String(rawType);
    const sizes = match?.[3]?.split(',').map((part) => Number(part.trim())) ?? [];
    if (sizes.length === 1) return new TemplateColumn(String(name), dtype, sizes[0]);
    if (sizes.length === 2) return new TemplateColumn(String(name), dtype, null, sizes[0], sizes[1]);
    return new TemplateColumn(String(name), dtype);
  }
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** `api.Column`: callable as `api.Column(name, dtype, char_size, numeric_precision, numeric_scale)`, with dbt's class methods. */
export function columnApi() {
  const create = (...args: unknown[]): TemplateColumn => {
    const { positional, keywords } = callArguments(args);
    const get = (index: number, name: string): unknown => (keywords[name] !== undefined ? keywords[name] : positional[index]);
    return new TemplateColumn(
      String(get(0, 'column') ?? get(0, 'name') ?? ''),
      String(get(1, 'dtype') ?? ''),
      nullableNumber(get(2, 'char_size')),
      nullableNumber(get(3, 'numeric_precision')),
      nullableNumber(get(4, 'numeric_scale')),
    );
  };
  return Object.assign(create, {
    translate_type: (dtype: unknown) => TemplateColumn.translate_type(dtype),
    string_type: (size: unknown) => TemplateColumn.string_type(size),
    numeric_type: (dtype: unknown, precision: unknown, scale: unknown) => TemplateColumn.numeric_type(dtype, precision, scale),
    from_description: (name: unknown, rawType: unknown) => TemplateColumn.from_description(name, rawType),
    create: (name: unknown, labelOrType: unknown) => new TemplateColumn(String(name), TemplateColumn.translate_type(labelOrType)),
  });
}
