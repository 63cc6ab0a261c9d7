/**
 * Jinja2's statements where nunjucks's differ, as Parser methods (mixed into parser.ts's parser):
 * `{% for x in items if cond %}` (a loop filter, not an inline if), `{% for … recursive %}`, `{% with %}`, `{% break %}`/
 * `{% continue %}`, and `{% set %}` with unparenthesised tuples, namespace attributes, filters on
 * the block form and `-%}` trimming.
 */
import nunjucks from 'nunjucks';
import { PyLoopControl, PyLoopFilter, PyRaw, PyTupleLiteral, PyWith, type NjNode } from './py-nodes.js';

const { lexer, nodes } = nunjucks as unknown as { lexer: { [token: string]: any }; nodes: { [name: string]: any } };

export const statementRules = {
  /** Jinja's loop filter `{% for x in items if cond %}` (nunjucks would read `items if cond` as an inline if). */
  parseFor(this: any) {
    this._forHeader = true;
    const node = this.parent();
    if (this._forRecursive) node.recursive = true;
    this._forRecursive = false;
    const arr = node.arr;
    if (arr && arr.typename === 'InlineIf' && (arr.else_ === null || arr.else_ === undefined)) {
      node.arr = new PyLoopFilter(arr.lineno, arr.colno, arr.body, node.name, arr.cond);
    }
    return node;
  },

  /** `{% for x in items recursive %}`: the word after the items, read where nunjucks expects the tag's end. */
  advanceAfterBlockEnd(this: any, name?: string) {
    if (this._forHeader) {
      this._forHeader = false;
      const tok = this.peekToken();
      if (tok?.type === lexer.TOKEN_SYMBOL && tok.value === 'recursive') {
        this.nextToken();
        this._forRecursive = true;
      }
    }
    return this.parent(name);
  },

  parseStatement(this: any) {
    const tok = this.peekToken();
    if (tok?.type === lexer.TOKEN_SYMBOL && tok.value === 'with') return this.parseWith();
    if (tok?.type === lexer.TOKEN_SYMBOL && (tok.value === 'break' || tok.value === 'continue')) {
      this.nextToken();
      this.advanceAfterBlockEnd(tok.value);
      return new PyLoopControl(tok.lineno, tok.colno, tok.value);
    }
    return this.parent();
  },

  parseWith(this: any) {
    const tag = this.nextToken();
    const names: string[] = [];
    const values: NjNode[] = [];
    while (this.peekToken()?.type !== lexer.TOKEN_BLOCK_END) {
      if (names.length > 0 && !this.skip(lexer.TOKEN_COMMA)) this.fail('expected "," between the assignments of a with tag', tag.lineno, tag.colno);
      const name = this.nextToken();
      if (name?.type !== lexer.TOKEN_SYMBOL) this.fail('expected a name in the with tag', tag.lineno, tag.colno);
      if (!this.skipValue(lexer.TOKEN_OPERATOR, '=')) this.fail(`expected "=" after ${name.value} in the with tag`, name.lineno, name.colno);
      names.push(name.value);
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd(tag.value);
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new PyWith(tag.lineno, tag.colno, names, values, body);
  },

  /**
   * `{% set a = 1 %}`, `{% set a, b = 1, 2 %}` (an unparenthesised tuple), `{% set ns.x = … %}` and
   * the block form `{% set x -%}…{% endset %}` (whose `-%}` trims, unlike nunjucks's).
   */
  parseSet(this: any) {
    const tag = this.peekToken();
    if (!this.skipSymbol('set')) this.fail('expected set', tag.lineno, tag.colno);
    const node = new nodes.Set(tag.lineno, tag.colno, []);
    for (let target = this.parsePrimary(); target; target = this.parsePrimary()) {
      node.targets.push(target);
      if (!this.skip(lexer.TOKEN_COMMA)) break;
    }
    if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
      node.value = this.parseTupleOrExpression(lexer.TOKEN_BLOCK_END);
      this.advanceAfterBlockEnd(tag.value);
      return node;
    }
    // `{% set x | upper %}…{% endset %}`: the captured text goes through the filters.
    const filters = this.peekToken()?.type === lexer.TOKEN_PIPE ? this.parseFilter(new PyRaw(tag.lineno, tag.colno, '')) : null;
    if (this.peekToken()?.type !== lexer.TOKEN_BLOCK_END) this.fail('expected "=" or the end of the set tag', tag.lineno, tag.colno);
    this.advanceAfterBlockEnd(tag.value);
    const capture = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    this.advanceAfterBlockEnd();
    if (filters) {
      let innermost = filters;
      while (innermost.args.children[0].typename === 'Filter') innermost = innermost.args.children[0];
      innermost.args.children[0] = capture;
    }
    node.body = filters ?? capture;
    node.value = null;
    return node;
  },

  /** An expression, or a tuple of them without parentheses (`1, 2`), up to a token of type `end`. */
  parseTupleOrExpression(this: any, end: string) {
    const first = this.parseExpression();
    if (this.peekToken()?.type !== lexer.TOKEN_COMMA) return first;
    const items = [first];
    while (this.skip(lexer.TOKEN_COMMA)) {
      if (this.peekToken()?.type === end) break;
      items.push(this.parseExpression());
    }
    return new PyTupleLiteral(first.lineno, first.colno, items);
  },
};
