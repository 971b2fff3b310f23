import { expect, test } from 'vitest';
import { runCli } from './cac.ts';

const io = () => {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    out: () => out,
    err: () => err,
  };
};

test('an unknown level is a usage error (exit 2)', async () => {
  const t = io();
  expect(await runCli(['certify', '--level', 'lenient'], t.io)).toBe(2);
  expect(t.err()).toMatch(/--level must be core or strict/);
});

test('a missing command is a usage error', async () => {
  const t = io();
  expect(await runCli([], t.io)).toBe(2);
});

test('an unknown --only id is reported', async () => {
  const t = io();
  expect(await runCli(['certify', '--only', 'NOPE', '--reporter', 'console'], t.io)).toBe(1);
  expect(t.err()).toMatch(/unknown requirement or scenario id\(s\): NOPE/);
});

test('certify --only one scenario prints progress and the summary', { timeout: 60_000 }, async () => {
  const t = io();
  const code = await runCli(['certify', '--only', 'plain-answer', '--reporter', 'console'], t.io);
  expect(t.out()).toContain('[ 1/1] plain-answer');
  expect(t.out()).toContain('PASSED (partial: --only plain-answer)');
  expect(t.out()).not.toMatch(/^CERTIFIED/m);
  expect(code).toBe(0);
});
