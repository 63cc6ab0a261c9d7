import { describe, expect, it } from 'vitest';
import { guardStream, neutralizeCommands, neutralizeLines } from '../../src/action/log-safety.js';

/** What the runner would treat as a workflow command: a line whose trimmed text starts with `::`, or the legacy `##[`. */
function actsAsCommand(line: string): boolean {
  return line.trim().startsWith('::') || line.includes('##[');
}

describe('neutralizeCommands', () => {
  it('turns a title carrying ::set-output into inert text on one line', () => {
    const title = '::set-output name=status::pwned\n::add-mask::x';
    const safe = neutralizeCommands(title);
    expect(safe).toBe(':%3Aset-output name=status:%3Apwned%0A:%3Aadd-mask:%3Ax');
    expect(safe.split('\n').some(actsAsCommand)).toBe(false);
  });

  it('escapes % first so that escapes cannot be forged, and breaks the legacy ##[ syntax', () => {
    expect(neutralizeCommands('100%0A done')).toBe('100%250A done');
    expect(neutralizeCommands('x ##[set-env name=A]b')).toBe('x #%23[set-env name=A]b');
    expect(neutralizeCommands(':::')).not.toContain('::');
  });

  it('keeps line structure for multi-line messages, each line inert', () => {
    const text = 'compile failed\n  ::error::fake\r\nhint: fix it';
    const lines = neutralizeLines(text).split('\n');
    expect(lines).toEqual(['compile failed', '  :%3Aerror:%3Afake', 'hint: fix it']);
    expect(lines.some(actsAsCommand)).toBe(false);
  });
});

describe('guardStream', () => {
  it('neutralizes every line written while guarded, across chunk boundaries, and restores the stream', () => {
    const written: string[] = [];
    const stream = { write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
    const originalWrite = stream.write;
    const restore = guardStream(stream);
    stream.write('building model ::set-output name=a::b\n:');
    stream.write(':error::x\nunfinished ::');
    restore();
    expect(stream.write).toBe(originalWrite);
    expect(written.join('')).toBe('building model :%3Aset-output name=a:%3Ab\n:%3Aerror:%3Ax\nunfinished :%3A\n');
  });
});
