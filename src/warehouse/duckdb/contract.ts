/**
 * Enforced model contracts: the model's columns (names, types, count) must match the contract
 * before the table is created from it, as dbt checks them.
 */
import { DailiesError } from '../../errors.js';
import type { ContractColumn } from './ddl.js';
import { normalizeDuckDBType } from './types.js';

export interface ModelColumn {
  name: string;
  type: string;
}

interface Mismatch {
  column: string;
  modelType: string;
  contractType: string;
  reason: string;
}

/**
 * The type as contracts compare it: like dbt, size, precision and scale are not compared
 * (`DECIMAL(10,2)` matches `numeric(3,1)`); the table is created with the contract's exact type.
 */
export function contractTypeFamily(dataType: string): string {
  return normalizeDuckDBType(dataType).replace(/^DECIMAL\(\d+,\d+\)$/, 'DECIMAL');
}

/** Every difference between the model's columns and the contract, in contract order then extras. */
export function contractMismatches(model: ModelColumn[], contract: ContractColumn[]): Mismatch[] {
  const byName = new Map(model.map((column) => [column.name.toLowerCase(), column]));
  const mismatches: Mismatch[] = [];
  for (const expected of contract) {
    const actual = byName.get(expected.name.toLowerCase());
    if (!actual) {
      mismatches.push({ column: expected.name, modelType: '', contractType: expected.dataType, reason: 'missing in definition' });
    } else if (contractTypeFamily(actual.type) !== contractTypeFamily(expected.dataType)) {
      mismatches.push({ column: expected.name, modelType: actual.type, contractType: expected.dataType, reason: 'data type mismatch' });
    }
  }
  const contracted = new Set(contract.map((column) => column.name.toLowerCase()));
  for (const actual of model) {
    if (!contracted.has(actual.name.toLowerCase())) {
      mismatches.push({ column: actual.name, modelType: actual.type, contractType: '', reason: 'missing in contract' });
    }
  }
  return mismatches;
}

function table(mismatches: Mismatch[]): string {
  const header = { column: 'column_name', modelType: 'definition_type', contractType: 'contract_type', reason: 'mismatch_reason' };
  const rows = [header, ...mismatches];
  const keys = ['column', 'modelType', 'contractType', 'reason'] as const;
  const widths = keys.map((key) => Math.max(...rows.map((row) => row[key].length)));
  return rows.map((row) => `| ${keys.map((key, index) => row[key].padEnd(widths[index])).join(' | ')} |`).join('\n');
}

export function contractError(relation: string, mismatches: Mismatch[]): DailiesError {
  return new DailiesError(
    'contract',
    `the enforced contract of ${relation} does not match the model's columns:\n${table(mismatches)}`,
    { hint: "make the model's select list and the contract's columns (name, data_type) agree, or cast in the model" },
  );
}
