/**
 * Process groups for what the agent starts: a tool command and an MCP stdio server are spawned
 * `detached` (on POSIX their own session and process group, whose id is the child's pid), so that
 * everything they start in turn (`sh -c "sleep 600 &"`) can be signalled at once with `kill(-pgid)`.
 *
 * A descendant that leaves the group (`setsid`) is out of reach of these signals; the pipes it holds are
 * not waited for (see `runShell`).
 */

/**
 * Sends `signal` to the whole process group `pgid` (a detached child's pid). Never throws: a group that
 * is gone (`ESRCH`) or not ours (`EPERM`) is ignored.
 *
 * @returns true when the signal was delivered to at least one process.
 */
export function signalProcessGroup(pgid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pgid === undefined || pgid <= 0) return false;
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the group now, SIGKILL after `graceMs` (the timer does not keep the agent alive, so a
 * caller that must be sure calls {@link signalProcessGroup} with SIGKILL itself before it returns).
 *
 * @returns a function that cancels the pending SIGKILL.
 */
export function terminateProcessGroup(pgid: number | undefined, graceMs: number): () => void {
  if (!signalProcessGroup(pgid, 'SIGTERM')) return () => {};
  const t = setTimeout(() => signalProcessGroup(pgid, 'SIGKILL'), graceMs);
  t.unref();
  return () => clearTimeout(t);
}
