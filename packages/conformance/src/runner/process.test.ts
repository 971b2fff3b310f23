import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive } from './process.ts';

const hasPython = spawnSync('python3', ['-c', '0']).status === 0;
const onLinux = process.platform === 'linux';

/**
 * P (the spawned leader of its own group G) forks Q; Q forks C, which exits at once, then Q moves to a
 * group of its own and never reaps C. Once P is gone, G holds nothing but the zombie C: the state a
 * Codex CLI run leaves behind (a `git` it started, reparented to a PID 1 that reaps late).
 */
const SCRIPT = `
import os, sys, time
q = os.fork()
if q == 0:
    c = os.fork()
    if c == 0:
        os._exit(0)
    os.setpgid(0, 0)
    sys.stdout.write(f"{os.getpid()} {c}\\n")
    sys.stdout.flush()
    time.sleep(60)
    os._exit(0)
time.sleep(60)
`;

const stateOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
};

const until = async (predicate: () => boolean, what: string) => {
  const deadline = Date.now() + 20_000; // a bound, not a timing assertion
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.skipIf(!hasPython || !onLinux)('groupAlive', () => {
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
  });

  it('counts a live member, and not a group left with only a zombie', async () => {
    const p = spawn('python3', ['-c', SCRIPT], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const pgid = p.pid!;
    pids.push(pgid);
    const line = await new Promise<string>((ok) => {
      let out = '';
      p.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) ok(out);
      });
    });
    p.stdout.destroy();
    const [q, c] = line.trim().split(' ').map(Number) as [number, number];
    pids.push(q);
    await until(() => stateOf(c) === 'Z', 'the zombie');
    expect(groupAlive(pgid)).toBe(true); // P is alive in it

    const exited = new Promise((r) => p.once('exit', r));
    process.kill(pgid, 'SIGKILL');
    await exited;
    // the premise: the group still exists for kill(2), held by the zombie alone
    expect(() => process.kill(-pgid, 0)).not.toThrow();
    expect(stateOf(c)).toBe('Z');
    expect(groupAlive(pgid)).toBe(false);
  });
});
