/**
 * Production rows in a report may hold personal data, and a public repository's comments are
 * public. `sample-rows`: `on` shows values, `off` leaves sample rows out, `masked` replaces the
 * values of personal-data columns (tagged `pii` in the project, or named like one) by short hashes,
 * so equal values still look equal.
 */
import { createHash } from 'node:crypto';
import type { Row } from '../../warehouse/adapter.js';

export type SampleRows = 'on' | 'off' | 'masked';

/** Column names that usually hold personal data. */
const PII_NAME = /(^|_)(e?mail|email_address|phone|mobile|tel|fax|(first|last|full|middle|given|family|sur|user|display|customer|contact|person|maiden)_?name|address|street|city|zip|postcode|postal_code|ip|ip_address|ipv4|ipv6|birth|birthday|birth_?date|dob|date_of_birth|ssn|social_security|passport|iban|card_number|credit_card|tax_id|national_id)($|_)/i;

export function looksPersonal(column: string): boolean {
  return column.toLowerCase() === 'name' || PII_NAME.test(column);
}

export function maskValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return `#${createHash('sha256').update(String(value)).digest('hex').slice(0, 8)}`;
}

export interface Masker {
  mode: SampleRows;
  /** The row with personal columns masked (as it was when not masking). */
  row(row: Row, pii?: string[]): Row;
  value(column: string, value: unknown, pii?: string[]): unknown;
}

export function masker(mode: SampleRows = 'on'): Masker {
  const personal = (column: string, pii: string[] = []) => mode === 'masked' && (looksPersonal(column) || pii.some((name) => name.toLowerCase() === column.toLowerCase()));
  return {
    mode,
    value: (column, value, pii) => (personal(column, pii) ? maskValue(value) : value),
    row(row, pii) {
      if (mode !== 'masked') return row;
      const out: Row = {};
      for (const [column, value] of Object.entries(row)) out[column] = personal(column, pii) ? maskValue(value) : value;
      return out;
    },
  };
}
