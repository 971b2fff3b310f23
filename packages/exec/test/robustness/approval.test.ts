import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evResponseCreated,
  mountSseSequence,
  sse,
} from '@agentotel/test-support';
import { execaSync } from 'execa';
import { expect, test } from 'vitest';
import { attr, logsNamed, makeHome, useModelAndReceiver } from '../helpers/harness.ts';
import { runAgent, shellCall, useLeakCheck } from './support.ts';

const ctx = useModelAndReceiver();
useLeakCheck();

/** A repository whose own config names programs git would run: each writes its name to `marker`. */
function hostileRepo(): { dir: string; marker: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-hostile-repo-'));
  const marker = join(dir, '..', `${dir.split('/').pop()}-marker`);
  const script = (name: string) => {
    const p = join(dir, `.${name}.sh`);
    writeFileSync(p, `#!/bin/sh\necho ${name} >> '${marker}'\n`);
    chmodSync(p, 0o755);
    return p;
  };
  const git = (...args: string[]) => execaSync('git', args, { cwd: dir });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  writeFileSync(join(dir, 'a.txt'), 'one\n');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'one');
  git('branch', 'feature');
  git('config', 'diff.external', script('external-diff'));
  git('config', 'core.fsmonitor', script('fsmonitor'));
  git('config', 'core.pager', script('pager'));
  writeFileSync(join(dir, 'a.txt'), 'one\nchanged\n');
  return { dir, marker };
}

test('untrusted: git reads run without the repository-chosen programs; writing variants are asked, not auto-approved', async () => {
  const { dir, marker } = hostileRepo();
  const logOut = join(dir, 'log-out.txt');
  const printed = join(dir, 'found.txt');
  const m = await mountSseSequence(ctx.server, [
    shellCall('call_diff', { command: ['git', 'diff'] }),
    shellCall('call_status', { command: ['git', 'status'] }),
    shellCall('call_output', { command: ['git', 'log', `--output=${logOut}`] }),
    shellCall('call_branch', { command: ['git', 'branch', '-D', 'feature'] }),
    shellCall('call_config', { command: ['git', '-c', 'core.pager=cat', 'log'] }),
    shellCall('call_find', { command: ['find', '.', '-name', 'a.txt', '-fprint', printed] }),
    sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const r = await runAgent(['--approval-policy', 'untrusted', 'look around'], { home, cwd: dir });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(existsSync(marker), 'a program named by the repository config ran').toBe(false);
  expect(existsSync(logOut)).toBe(false);
  expect(existsSync(printed)).toBe(false);
  expect(
    execaSync('git', ['rev-parse', '--verify', '-q', 'feature'], { cwd: dir, reject: false }).exitCode,
  ).toBe(0);
  const last = (await m.requests()).at(-1)!;
  expect(JSON.stringify(last.functionCallOutput('call_diff'))).toMatch(/\+changed/);
  const decisions = logsNamed(ctx.receiver.records(), 'codex.tool_decision').map((d) => [
    attr(d, 'call_id'),
    attr(d, 'decision'),
    attr(d, 'source'),
  ]);
  expect(decisions).toEqual([
    ['call_diff', 'approved', 'config'],
    ['call_status', 'approved', 'config'],
    ['call_output', 'denied', 'config'],
    ['call_branch', 'denied', 'config'],
    ['call_config', 'denied', 'config'],
    ['call_find', 'denied', 'config'],
  ]);
});
