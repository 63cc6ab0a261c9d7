/**
 * Python's `str.format`: `{}`, `{0}`, `{name}`, `{0[1]}`, `{a.b}`, `!r`/`!s`, and the format-spec
 * mini-language `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
 */
import { isFloat, isNumber } from './python-numbers.js';
import { pyRepr, pyStr } from './python-values.js';

const FIELD = /\{\{|\}\}|\{([^{}:!]*)(?:!([rsa]))?(?::([^{}]*))?\}/g;
const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function lookupField(name: string, positional: unknown[], keywords: Record<string, unknown>, auto: () => number): unknown {
  const [, head = '', rest = ''] = /^([^.[]*)(.*)$/.exec(name) ?? [];
  let value = head === '' ? positional[auto()] : /^\d+$/.test(head) ? positional[Number(head)] : keywords[head];
  for (const part of rest.matchAll(/\.([^.[]+)|\[([^\]]+)\]/g)) {
    const key = part[1] ?? part[2]!;
    if (value === null || value === undefined) return undefined;
    value = /^\d+$/.test(key) && Array.isArray(value) ? value[Number(key)] : (value as Record<string, unknown>)[key];
  }
  return value;
}

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function exponential(value: number, precision: number): string {
  return value.toExponential(precision).replace(/e([-+])(\d)$/, 'e$10$2');
}

/** Python's general format (`g`): fixed or exponential by the exponent, trailing zeros dropped. */
function general(value: number, precision: number, keepZeros: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return keepZeros ? (0).toFixed(p - 1) : '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(p)))));
  let text = exponent < -4 || exponent >= p ? exponential(value, p - 1) : value.toFixed(Math.max(0, p - 1 - exponent));
  if (!keepZeros) text = text.replace(/\.?0+(?=e|$)/, '');
  return text;
}

export function formatValue(value: unknown, spec: string): string {
  const match = SPEC.exec(spec);
  if (!match) throw new Error(`ValueError: invalid format specifier '${spec}'`);
  const [, fillChar, alignChar, sign = '-', alternate, zero, widthText, grouping, precisionText, type] = match;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  const numeric = isNumber(value) || typeof value === 'boolean';
  let body: string;
  let negative = false;
  if (!numeric || type === 's') {
    if (type !== undefined && type !== 's') throw new Error(`ValueError: unknown format code '${type}' for a string`);
    body = pyStr(value);
    if (precision !== undefined) body = body.slice(0, precision);
  } else {
    const n = Number(value);
    negative = n < 0 || Object.is(n, -0);
    const m = Math.abs(n);
    switch (type) {
      case 'd':
      case 'n':
        body = String(Math.trunc(m));
        break;
      case 'b':
        body = (alternate ? '0b' : '') + Math.trunc(m).toString(2);
        break;
      case 'o':
        body = (alternate ? '0o' : '') + Math.trunc(m).toString(8);
        break;
      case 'x':
      case 'X':
        body = (alternate ? '0x' : '') + Math.trunc(m).toString(16);
        if (type === 'X') body = body.toUpperCase();
        break;
      case 'c':
        body = String.fromCodePoint(m);
        break;
      case 'e':
      case 'E':
        body = exponential(m, precision ?? 6);
        if (type === 'E') body = body.toUpperCase();
        break;
      case 'f':
      case 'F':
        body = m.toFixed(precision ?? 6);
        break;
      case 'g':
      case 'G':
        body = general(m, precision ?? 6, Boolean(alternate));
        if (type === 'G') body = body.toUpperCase();
        break;
      case '%':
        body = `${(m * 100).toFixed(precision ?? 6)}%`;
        break;
      default:
        body = precision !== undefined && isFloat(value) ? general(m, precision, false) : pyStr(isFloat(value) ? value : Math.trunc(m) === m ? m : value).replace(/^-/, '');
    }
    if (grouping) {
      const [whole, fraction] = body.split(/(?=[.e%])/, 2) as [string, string | undefined];
      if (/^\d+$/.test(whole)) body = group(whole, grouping) + (body.slice(whole.length) || (fraction ?? ''));
    }
  }
  const signText = numeric ? (negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') : '';
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const align = alignChar ?? (zero ? '=' : numeric ? '>' : '<');
  const padding = Math.max(0, width - signText.length - body.length);
  switch (align) {
    case '<':
      return signText + body + fill.repeat(padding);
    case '^':
      return fill.repeat(padding >> 1) + signText + body + fill.repeat(padding - (padding >> 1));
    case '=':
      return signText + fill.repeat(padding) + body;
    default:
      return fill.repeat(padding) + signText + body;
  }
}

export function pyStrFormat(format: string, positional: unknown[], keywords: Record<string, unknown>): string {
  let next = 0;
  const auto = () => next++;
  return format.replace(FIELD, (all, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    let value = lookupField(field ?? '', positional, keywords, auto);
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
    else if (conversion === 's') value = pyStr(value);
    return spec ? formatValue(value, spec) : pyStr(value);
  });
}
