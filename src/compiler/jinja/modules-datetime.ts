/**
 * `modules.datetime` as dbt exposes Python's: `datetime.datetime.now()`, `.utcnow()`,
 * `.strftime()`, `.isoformat()`, `datetime.date(...)`, `datetime.timedelta(days=…)`, and
 * `+`/`-` between them (through the `__add__`/`__sub__` hooks of our template runtime).
 * Datetimes are naive: their fields are kept in a Date read with UTC accessors.
 */
import { pyFloat, type PyFloat } from './python-numbers.js';
import { callArguments } from './call-arguments.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export class PyTimedelta {
  constructor(readonly milliseconds: number) {}
  get days(): number {
    return Math.floor(this.milliseconds / 86_400_000);
  }
  get seconds(): number {
    return Math.floor((this.milliseconds % 86_400_000) / 1000);
  }
  /** A float, as in Python (`86400.0`). */
  total_seconds(): number | PyFloat {
    return pyFloat(this.milliseconds / 1000);
  }
  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.milliseconds + other.milliseconds);
    if (other instanceof PyDatetime) return other.__add__(this);
    throw new TypeError('unsupported operand for timedelta +');
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.milliseconds - other.milliseconds);
    throw new TypeError('unsupported operand for timedelta -');
  }
  toString(): string {
    const total = Math.floor(this.milliseconds / 1000);
    const days = Math.floor(total / 86400);
    const rest = total - days * 86400;
    const clock = `${Math.floor(rest / 3600)}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
  }
}

export class PyDatetime {
  /** `dateOnly`: a `datetime.date` (prints and formats without a time); `offset`: minutes east of UTC of an aware datetime (`%z`), null when naive. */
  constructor(
    readonly moment: Date,
    readonly dateOnly = false,
    readonly offset: number | null = null,
  ) {}
  get year(): number {
    return this.moment.getUTCFullYear();
  }
  get month(): number {
    return this.moment.getUTCMonth() + 1;
  }
  get day(): number {
    return this.moment.getUTCDate();
  }
  get hour(): number {
    return this.moment.getUTCHours();
  }
  get minute(): number {
    return this.moment.getUTCMinutes();
  }
  get second(): number {
    return this.moment.getUTCSeconds();
  }
  get microsecond(): number {
    return this.moment.getUTCMilliseconds() * 1000;
  }
  date(): PyDatetime {
    return new PyDatetime(new Date(Date.UTC(this.year, this.month - 1, this.day)), true);
  }
  weekday(): number {
    return (this.moment.getUTCDay() + 6) % 7;
  }
  timestamp(): number {
    return this.moment.getTime() / 1000;
  }
  replace(...args: unknown[]): PyDatetime {
    const { keywords } = callArguments(args);
    const field = (name: string, current: number): number => (keywords[name] !== undefined && keywords[name] !== null && !Number.isNaN(Number(keywords[name])) ? Number(keywords[name]) : current);
    const moment = new Date(
      Date.UTC(field('year', this.year), field('month', this.month) - 1, field('day', this.day), field('hour', this.hour), field('minute', this.minute), field('second', this.second), Math.floor(field('microsecond', this.microsecond) / 1000)),
    );
    return new PyDatetime(moment, this.dateOnly, this.offset);
  }
  /** `+05:30` (isoformat) or `+0530` (`%z`) for an aware datetime, '' for a naive one. */
  private offsetText(separator: string): string {
    if (this.offset === null) return '';
    const minutes = Math.abs(this.offset);
    return `${this.offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}${separator}${pad(minutes % 60)}`;
  }
  strftime(format: string): string {
    const m = this.moment;
    const hour12 = m.getUTCHours() % 12 === 0 ? 12 : m.getUTCHours() % 12;
    const start = Date.UTC(this.year, 0, 1);
    const dayOfYear = Math.floor((Date.UTC(this.year, this.month - 1, this.day) - start) / 86_400_000) + 1;
    const codes: Record<string, string> = {
      Y: String(this.year),
      y: pad(this.year % 100),
      m: pad(this.month),
      d: pad(this.day),
      H: pad(this.hour),
      I: pad(hour12),
      M: pad(this.minute),
      S: pad(this.second),
      f: pad(this.microsecond, 6),
      j: pad(dayOfYear, 3),
      p: this.hour < 12 ? 'AM' : 'PM',
      a: DAY_NAMES[m.getUTCDay()]!.slice(0, 3),
      A: DAY_NAMES[m.getUTCDay()]!,
      b: MONTH_NAMES[this.month - 1]!.slice(0, 3),
      B: MONTH_NAMES[this.month - 1]!,
      w: String(m.getUTCDay()),
      z: this.offsetText(''),
      Z: this.offset === null ? '' : this.offset === 0 ? 'UTC' : `UTC${this.offsetText(':')}`,
      '%': '%',
    };
    return format.replace(/%([a-zA-Z%])/g, (all, code: string) => codes[code] ?? all);
  }
  isoformat(sep = 'T'): string {
    if (this.dateOnly) return this.strftime('%Y-%m-%d');
    const fraction = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return this.strftime(`%Y-%m-%d${sep}%H:%M:%S`) + fraction + this.offsetText(':');
  }
  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDatetime(new Date(this.moment.getTime() + other.milliseconds), this.dateOnly, this.offset);
    throw new TypeError('unsupported operand for datetime +');
  }
  __sub__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDatetime(new Date(this.moment.getTime() - other.milliseconds), this.dateOnly, this.offset);
    if (other instanceof PyDatetime) return new PyTimedelta(this.moment.getTime() - (this.offset ?? 0) * 60_000 - (other.moment.getTime() - (other.offset ?? 0) * 60_000));
    throw new TypeError('unsupported operand for datetime -');
  }
  toString(): string {
    return this.isoformat(' ');
  }
  toJSON(): string {
    return this.isoformat();
  }
}

function nowLocal(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds(), now.getMilliseconds()));
}

function construct(args: unknown[], dateOnly: boolean): PyDatetime {
  const { positional, keywords } = callArguments(args);
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
  const values = names.map((name, i) => Number(positional[i] ?? keywords[name] ?? (i < 3 ? 1 : 0)));
  const [year, month, day, hour, minute, second, micro] = values as [number, number, number, number, number, number, number];
  return new PyDatetime(new Date(Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(micro / 1000))), dateOnly);
}

function parseIso(text: string, dateOnly: boolean): PyDatetime {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?/.exec(text.trim());
  if (!match) throw new Error(`ValueError: Invalid isoformat string: '${text}'`);
  const [, y, mo, d, h, mi, s, f] = match;
  const ms = f ? Math.floor(Number(f.padEnd(6, '0')) / 1000) : 0;
  return new PyDatetime(new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms)), dateOnly);
}

const nameAlternatives = (list: string[], short: boolean) => list.map((name) => (short ? name.slice(0, 3) : name)).join('|');

/** Python's strptime directives as regular expressions (Python reads the text case-insensitively). */
const STRPTIME_CODES: Record<string, string> = {
  Y: '(?<Y>\\d{4})',
  y: '(?<y>\\d{2})',
  m: '(?<m>1[0-2]|0[1-9]|[1-9])',
  d: '(?<d>3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  H: '(?<H>2[0-3]|[0-1]\\d|\\d)',
  I: '(?<I>1[0-2]|0[1-9]|[1-9])',
  M: '(?<M>[0-5]\\d|\\d)',
  S: '(?<S>6[0-1]|[0-5]\\d|\\d)',
  f: '(?<f>\\d{1,6})',
  j: '(?<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  p: '(?<p>am|pm)',
  b: `(?<b>${nameAlternatives(MONTH_NAMES, true)})`,
  h: `(?<b>${nameAlternatives(MONTH_NAMES, true)})`,
  B: `(?<B>${nameAlternatives(MONTH_NAMES, false)})`,
  a: `(?:${nameAlternatives(DAY_NAMES, true)})`,
  A: `(?:${nameAlternatives(DAY_NAMES, false)})`,
  w: '(?:[0-6])',
  z: '(?<z>[+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)',
  Z: '(?:utc|gmt)',
  '%': '%',
};

function monthIndex(name: string): number {
  const lower = name.toLowerCase().slice(0, 3);
  return MONTH_NAMES.findIndex((month) => month.toLowerCase().startsWith(lower));
}

/** Minutes east of UTC of a `%z` match (`+0530`, `-05:00`, `Z`). */
function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(/:/g, '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return text.startsWith('-') ? -minutes : minutes;
}

/**
 * Python's `datetime.strptime(text, format)`: numbers (`%Y %y %m %d %H %I %M %S %f %j`), names
 * (`%b %B %a %A %p`, any case), `%z` offsets (an aware datetime) and `%Z` (`UTC`/`GMT`); ISO
 * text without a format.
 */
function strptime(text: unknown, format?: unknown): PyDatetime {
  if (format === undefined || format === null) return parseIso(String(text), false);
  const seen = new Set<string>();
  const pattern = String(format).replace(/%(.)|(\s+)|([.*+?^${}()|[\]\\])/g, (_all, code: string | undefined, space: string | undefined, special: string | undefined) => {
    if (space) return '\\s+';
    if (special) return `\\${special}`;
    const part = STRPTIME_CODES[code!];
    if (!part) throw new Error(`strptime: the format code %${code} is not supported`);
    const group = /^\(\?<(\w)>/.exec(part)?.[1];
    if (group && seen.has(group)) throw new Error(`re.error: redefinition of group name '${group}'`);
    if (group) seen.add(group);
    return part;
  });
  const match = new RegExp(`^${pattern}$`, 'i').exec(String(text));
  if (!match) throw new Error(`time data '${String(text)}' does not match format '${String(format)}'`);
  const g = match.groups ?? {};
  const year = g.Y !== undefined ? Number(g.Y) : g.y !== undefined ? 2000 + Number(g.y) - (Number(g.y) >= 69 ? 100 : 0) : 1900;
  let month = g.m !== undefined ? Number(g.m) : g.b !== undefined ? monthIndex(g.b) + 1 : g.B !== undefined ? monthIndex(g.B) + 1 : undefined;
  let day = g.d !== undefined ? Number(g.d) : undefined;
  if (g.j !== undefined && month === undefined && day === undefined) {
    const fromYearDay = new Date(Date.UTC(year, 0, Number(g.j)));
    month = fromYearDay.getUTCMonth() + 1;
    day = fromYearDay.getUTCDate();
  }
  let hour = Number(g.H ?? 0);
  if (g.I !== undefined) hour = (Number(g.I) % 12) + (g.p?.toLowerCase() === 'pm' ? 12 : 0);
  const micro = g.f ? Number(g.f.padEnd(6, '0')) : 0;
  const moment = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1, hour, Number(g.M ?? 0), Number(g.S ?? 0), Math.floor(micro / 1000)));
  if (moment.getUTCDate() !== (day ?? 1) || moment.getUTCMonth() + 1 !== (month ?? 1)) throw new Error('day is out of range for month');
  return new PyDatetime(moment, false, g.z !== undefined ? parseOffset(g.z) : null);
}

function makeDatetimeClass() {
  const datetime = (...args: unknown[]) => construct(args, false);
  return Object.assign(datetime, {
    now: () => new PyDatetime(nowLocal()),
    utcnow: () => new PyDatetime(new Date()),
    today: () => new PyDatetime(nowLocal()),
    fromisoformat: (text: string) => parseIso(text, false),
    fromtimestamp: (seconds: number) => new PyDatetime(new Date(seconds * 1000)),
    strptime,
  });
}

function makeDateClass() {
  const date = (...args: unknown[]) => construct(args, true);
  return Object.assign(date, {
    today: () => new PyDatetime(nowLocal(), false).date(),
    fromisoformat: (text: string) => parseIso(text, true),
  });
}

function timedelta(...args: unknown[]): PyTimedelta {
  const { positional, keywords } = callArguments(args);
  const amount = (name: string, index: number): number => Number(positional[index] ?? keywords[name] ?? 0);
  const ms =
    amount('days', 0) * 86_400_000 +
    amount('seconds', 1) * 1000 +
    amount('microseconds', 2) / 1000 +
    amount('milliseconds', 3) +
    amount('minutes', 4) * 60_000 +
    amount('hours', 5) * 3_600_000 +
    amount('weeks', 6) * 604_800_000;
  return new PyTimedelta(ms);
}

export const datetimeModule = {
  datetime: makeDatetimeClass(),
  date: makeDateClass(),
  timedelta,
  timezone: { utc: 'UTC' },
};
