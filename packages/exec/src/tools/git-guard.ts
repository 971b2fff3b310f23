/**
 * How git runs under the agent: a repository's own configuration must not choose programs that run
 * when the model reads the repository (`git diff` with `diff.external`, `git status` with
 * `core.fsmonitor`, a pager, signature checking through `gpg.program`).
 *
 * Two layers:
 * - {@link GIT_GUARD_ENV} is merged into the environment of every tool process, so it reaches git
 *   wherever it runs (directly, or inside `bash -lc`). It uses git's `GIT_CONFIG_COUNT` /
 *   `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>` (git >= 2.31), which have the precedence of `-c` on the
 *   command line, over the repository's `.git/config`.
 * - {@link guardGitArgv} adds `--no-pager`, and `--no-ext-diff --no-textconv` to `diff`/`log`/`show`,
 *   when the model's argv runs git directly.
 *
 * Not covered: a repository's clean/smudge filter drivers (`filter.<driver>.clean`), which `git status`
 * may run on a modified file; git < 2.40 has no switch to ignore `.gitattributes`.
 */

/** Config forced on every git a tool starts (the pairs become `GIT_CONFIG_KEY_<n>=VALUE_<n>`). */
export const GIT_FORCED_CONFIG: ReadonlyArray<readonly [key: string, value: string]> = [
  ['core.pager', 'cat'],
  ['core.fsmonitor', 'false'],
  ['diff.external', ''],
  ['log.showSignature', 'false'],
  ['pager.branch', 'false'],
];

/** The environment merged into every tool process (see the module comment). */
export const GIT_GUARD_ENV: Readonly<Record<string, string>> = Object.freeze({
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_PAGER: 'cat',
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_COUNT: String(GIT_FORCED_CONFIG.length),
  ...Object.fromEntries(
    GIT_FORCED_CONFIG.flatMap(([k, v], i) => [
      [`GIT_CONFIG_KEY_${i}`, k],
      [`GIT_CONFIG_VALUE_${i}`, v],
    ]),
  ),
});

/**
 * Applies {@link GIT_GUARD_ENV} to a tool's environment: removes `GIT_EXTERNAL_DIFF` and any earlier
 * `GIT_CONFIG_*` pairs, then sets the guard.
 */
export function guardGitEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k === 'GIT_EXTERNAL_DIFF' || /^GIT_CONFIG_(COUNT|KEY_\d+|VALUE_\d+|PARAMETERS)$/.test(k)) continue;
    out[k] = v;
  }
  return { ...out, ...GIT_GUARD_ENV };
}

/**
 * When `argv` runs git directly, adds `--no-pager` before the subcommand and `--no-ext-diff
 * --no-textconv` after `diff`, `log` and `show`; any other argv is returned as is.
 */
export function guardGitArgv(argv: readonly string[]): string[] {
  const [program, ...args] = argv;
  if (program?.slice(program.lastIndexOf('/') + 1) !== 'git') return [...argv];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) break;
    if (a === '-C' || a === '-c' || a === '--git-dir' || a === '--work-tree' || a === '--namespace') i++;
  }
  const sub = args[i];
  const before = args.slice(0, i);
  if (sub === undefined) return [program, '--no-pager', ...before];
  const after = args.slice(i + 1);
  // An option the model asked for explicitly (and the user approved) is left alone.
  const extra =
    sub === 'diff' || sub === 'log' || sub === 'show'
      ? ['--no-ext-diff', '--no-textconv'].filter((o) => !after.includes(`--${o.slice(5)}`))
      : [];
  const dashdash = after.indexOf('--');
  const opts = dashdash === -1 ? after : after.slice(0, dashdash);
  const paths = dashdash === -1 ? [] : after.slice(dashdash);
  return [program, '--no-pager', ...before, sub, ...opts, ...extra, ...paths];
}
