/**
 * Tags dbt templates use that nunjucks lacks:
 * - `{% do expr %}` evaluates an expression for its effect (`{% do cols.append(c) %}`) and prints nothing;
 * - `{% snapshot name %}…{% endsnapshot %}` renders its body (a snapshot file renders to its SELECT).
 */
export class DoExtension {
  readonly tags = ['do'];

  parse(parser: any, nodes: any): unknown {
    const token = parser.nextToken();
    const args = new nodes.NodeList(token.lineno, token.colno);
    args.addChild(parser.parseExpression());
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(this, 'run', args, []);
  }

  run(_context: unknown, _value: unknown): string {
    return '';
  }
}

export class SnapshotExtension {
  readonly tags = ['snapshot'];

  parse(parser: any, nodes: any, lexer: any): unknown {
    const token = parser.nextToken();
    const name = parser.nextToken();
    if (!name || name.type !== lexer.TOKEN_SYMBOL) parser.fail('a {% snapshot %} block needs a name', token.lineno, token.colno);
    parser.advanceAfterBlockEnd(token.value);
    const body = parser.parseUntilBlocks('endsnapshot');
    parser.advanceAfterBlockEnd();
    return new nodes.NodeList(token.lineno, token.colno, body.children);
  }
}
