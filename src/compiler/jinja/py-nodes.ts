/**
 * The syntax-tree nodes our parser adds to nunjucks's (compiled by template-compiler.ts).
 */
import nunjucks from 'nunjucks';

export interface NjNode {
  lineno: number;
  colno: number;
  [field: string]: any;
}

const { Node } = (nunjucks as unknown as { nodes: { Node: any } }).nodes;

/** `if`, `not`, `and`, `or` conditions: Python truthiness. */
export const PyTruthy = Node.extend('PyTruthy', { fields: ['target'] });
export const PyBool = Node.extend('PyBool', { fields: ['left', 'right'] });
/** `for x in items if cond`: the items for which `cond` holds, with the loop variable(s) bound. */
export const PyLoopFilter = Node.extend('PyLoopFilter', { fields: ['arr', 'name', 'cond'] });
/** JavaScript code emitted as is (the element of an unpacked tuple). */
export const PyRaw = Node.extend('PyRaw', { fields: ['code'] });
/** `*args` in a call. */
export const PyStarArg = Node.extend('PyStarArg', { fields: ['value'] });
/** `**kwargs` in a call. */
export const PyDoubleStarArg = Node.extend('PyDoubleStarArg', { fields: ['value'] });
/** `target[start:stop:step]` (each part may be null). */
export const PySlice = Node.extend('PySlice', { fields: ['target', 'start', 'stop', 'step'] });
/** A tuple literal: `(a, b)`, `(a,)`, `()`. */
export const PyTupleLiteral = Node.extend('PyTupleLiteral', { fields: ['children'] });

/** `{% with a = 1, b = 2 %}…{% endwith %}`: names bound for the body only. */
export const PyWith = Node.extend('PyWith', { fields: ['names', 'values', 'body'] });

/** `{% break %}` / `{% continue %}` (dbt enables Jinja's loopcontrols extension). */
export const PyLoopControl = Node.extend('PyLoopControl', { fields: ['kind'] });

/** A single-name loop's items as Python iterates them (a dict gives its keys). */
export const PyIterate = Node.extend('PyIterate', { fields: ['target'] });

export const PY_NODES = [PyIterate, PyTruthy, PyBool, PyLoopFilter, PyRaw, PyStarArg, PyDoubleStarArg, PySlice, PyTupleLiteral, PyWith, PyLoopControl];
