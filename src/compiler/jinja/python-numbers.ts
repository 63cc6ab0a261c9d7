/**
 * Python's two number types on JavaScript numbers. An integer is a JavaScript number with an
 * integral value; a float with a fractional part is a JavaScript number too; a float with an
 * integral value (`3.0`, `1e3`, `4 / 2`) is a `PyFloat`, so that it prints as Python prints it
 * (`3.0`). Arithmetic helpers keep Python's rules: `/` gives a float, `//` and `%` floor, an
 * operation with a float operand gives a float.
 */

/** A Python float whose value is integral (`3.0`). `valueOf` makes it usable as a number. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return formatFloat(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

export function isNumber(value: unknown): value is number | PyFloat {
  return typeof value === 'number' || value instanceof PyFloat;
}

/** A Python int (bools are ints in Python too, but this asks about numbers only). */
export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** A float result: integral values become PyFloats (NaN and infinities stay numbers). */
export function pyFloat(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = Number.isInteger(value) ? value.toFixed(0) : String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** How `{{ n }}` prints a number. */
export function formatNumber(value: number | PyFloat): string {
  if (value instanceof PyFloat || !Number.isInteger(value)) return formatFloat(Number(value));
  return String(value);
}

function toNumber(value: unknown): number {
  return typeof value === 'boolean' ? Number(value) : (value as number).valueOf();
}

/** The result of an arithmetic operation: a float when either operand was one. */
function numeric(result: number, a: unknown, b: unknown): number | PyFloat {
  return isFloat(a) || isFloat(b) ? pyFloat(result) : result;
}

export function numberAdd(a: unknown, b: unknown): number | PyFloat {
  return numeric(toNumber(a) + toNumber(b), a, b);
}
export function numberSub(a: unknown, b: unknown): number | PyFloat {
  return numeric(toNumber(a) - toNumber(b), a, b);
}
export function numberMul(a: unknown, b: unknown): number | PyFloat {
  return numeric(toNumber(a) * toNumber(b), a, b);
}

function divisor(b: unknown): number {
  const d = toNumber(b);
  if (d === 0) throw new Error('ZeroDivisionError: division by zero');
  return d;
}

export function pyDiv(a: unknown, b: unknown): number | PyFloat {
  return pyFloat(toNumber(a) / divisor(b));
}

export function pyFloorDiv(a: unknown, b: unknown): number | PyFloat {
  return numeric(Math.floor(toNumber(a) / divisor(b)), a, b);
}

export function numberMod(a: unknown, b: unknown): number | PyFloat {
  const d = divisor(b);
  const r = toNumber(a) % d;
  return numeric(r !== 0 && r < 0 !== d < 0 ? r + d : r, a, b);
}

export function pyPow(a: unknown, b: unknown): number | PyFloat {
  const result = toNumber(a) ** toNumber(b);
  return isFloat(a) || isFloat(b) || toNumber(b) < 0 ? pyFloat(result) : result;
}

export function pyNeg(a: unknown): unknown {
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  return -(a as number);
}

/**
 * Python's `round(value, ndigits)`: the exact binary value rounded, halves to even; an int stays an
 * int. (`toFixed` rounds the exact value too, but exact halves away from zero.)
 */
export function pyRound(value: unknown, precision: number): number | PyFloat {
  if (isInt(value) && precision >= 0) return value;
  const x = toNumber(value);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || precision < 0 || precision > 50) {
    const factor = 10 ** precision;
    return pyFloat(Math.round(x * factor) / factor);
  }
  const magnitude = Math.abs(x);
  let text = magnitude.toFixed(precision);
  const exact = magnitude.toFixed(Math.min(100, precision + 50));
  const cut = exact.indexOf('.') + 1 + precision;
  if (/^50*$/.test(exact.slice(cut))) {
    const truncated = exact.slice(0, precision === 0 ? cut - 1 : cut);
    if (Number(truncated.at(-1)) % 2 === 0) text = truncated;
  }
  return pyFloat(x < 0 ? -Number(text) : Number(text));
}
