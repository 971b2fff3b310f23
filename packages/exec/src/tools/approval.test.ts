import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import {
  ApprovalsFileApprover,
  isKnownSafeCommand,
  mcpPolicyDecision,
  NoAnswerError,
  policyDecision,
  TtyApprover,
} from './approval.ts';
import { capOutput, parseShellArgs } from './shell.ts';

const req = (callId: string) => ({
  kind: 'exec' as const,
  callId,
  toolName: 'shell',
  command: ['x'],
  cwd: '/',
});

describe('ApprovalsFileApprover', () => {
  test('call_id entries first, then file order, each used once', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'appr-')), 'a.jsonl');
    writeFileSync(
      f,
      '# comment\n{"decision":"approved"}\n{"call_id":"c2","decision":"denied"}\n\n{"decision":"abort"}\n',
    );
    const a = new ApprovalsFileApprover(f);
    expect(await a.ask(req('c2'))).toBe('denied');
    expect(await a.ask(req('c1'))).toBe('approved');
    expect(await a.ask(req('c3'))).toBe('abort');
    await expect(a.ask(req('c4'))).rejects.toBeInstanceOf(NoAnswerError);
  });
  test('a bad line names the file and line', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'appr-')), 'a.jsonl');
    writeFileSync(f, '{"decision":"maybe"}\n');
    await expect(new ApprovalsFileApprover(f).ask(req('c'))).rejects.toThrow(/a\.jsonl:1/);
  });
});

test('policyDecision', () => {
  expect(policyDecision('never', ['rm', '-rf', '/tmp/x'], false)).toEqual({
    decision: 'approved',
    source: 'config',
  });
  expect(policyDecision('untrusted', ['ls'], false)).toEqual({ decision: 'approved', source: 'config' });
  expect(policyDecision('untrusted', ['rm', 'x'], false)).toBe('ask');
  expect(policyDecision('on-request', ['rm', 'x'], false)).toEqual({
    decision: 'approved',
    source: 'config',
  });
  expect(policyDecision('on-request', ['rm', 'x'], true)).toBe('ask');
  expect(isKnownSafeCommand(['git', 'status'])).toBe(true);
  expect(isKnownSafeCommand(['git', 'push'])).toBe(false);
});

test('mcpPolicyDecision: only untrusted asks, and not for tools annotated read-only', () => {
  const byConfig = { decision: 'approved', source: 'config' };
  for (const policy of ['never', 'on-request', 'on-failure'] as const) {
    expect(mcpPolicyDecision(policy, { readOnly: false })).toEqual(byConfig);
  }
  expect(mcpPolicyDecision('untrusted', { readOnly: true })).toEqual(byConfig);
  expect(mcpPolicyDecision('untrusted', { readOnly: false })).toBe('ask');
});

test('TtyApprover names the command or the MCP tool and maps the answer', async () => {
  const ask = async (request: Parameters<TtyApprover['ask']>[0], answer: string) => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (b: Buffer) => (shown += b.toString()));
    const decision = new TtyApprover(input, output).ask(request);
    input.write(answer);
    return { decision: await decision, shown };
  };
  const shell = await ask(req('c1'), 'a\n');
  expect(shell).toMatchObject({ decision: 'approved_for_session' });
  expect(shell.shown).toContain('Run "x" in /?');
  const mcp = await ask(
    {
      kind: 'mcp',
      callId: 'c2',
      toolName: 'mcp__docs__search',
      server: 'docs',
      tool: 'search',
      arguments: '{"q":"otel"}',
      cwd: '/',
    },
    'q\n',
  );
  expect(mcp).toMatchObject({ decision: 'abort' });
  expect(mcp.shown).toContain('Call MCP tool docs/search with {"q":"otel"}?');
});

test('shell arguments and output cap', () => {
  expect(parseShellArgs('{"command":["echo","hi"],"timeout_ms":5}')).toEqual({
    command: ['echo', 'hi'],
    timeoutMs: 5,
    escalated: false,
  });
  expect(parseShellArgs('{"command":"echo hi"}')).toHaveProperty('error');
  expect(parseShellArgs('nope')).toHaveProperty('error');
  const capped = capOutput('a'.repeat(100), 20);
  expect(capped).toMatch(/^a{10}\n\[\.\.\. 80 characters omitted \.\.\.\]\na{10}$/);
});
