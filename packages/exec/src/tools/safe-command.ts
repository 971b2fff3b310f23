/**
 * The read-only allow-list of `approval_policy = "untrusted"`: a command runs without asking only when
 * it is safe WITH ITS ARGUMENTS in any repository and any folder. The rules follow the idea of Codex's
 * `is_known_safe_command` (codex-rs `core/src/command_safety/is_safe_command.rs`): a small set of
 * programs, and for those that can write files or start other programs through an option (`find -exec`,
 * `rg --pre`, `git log --output`, `sed -i`, `date -s`), the arguments are inspected too.
 *
 * Anything not recognised is "not known safe": the user is asked. Being conservative costs a question,
 * never a command run without consent.
 */

/** Programs that only read, whatever their arguments. */
const ALWAYS_SAFE = new Set([
  'cat',
  'cd',
  'cut',
  'echo',
  'expr',
  'false',
  'grep',
  'head',
  'id',
  'ls',
  'nl',
  'paste',
  'printf',
  'pwd',
  'rev',
  'seq',
  'stat',
  'tail',
  'tr',
  'true',
  'uname',
  'uniq',
  'wc',
  'which',
  'whoami',
]);

/** The git subcommands that can be read-only, each further checked for its arguments. */
const GIT_READ_ONLY_SUBCOMMANDS = new Set(['status', 'log', 'diff', 'show', 'branch']);

/** git global options (before the subcommand) accepted in a known-safe call; `-C` takes a value. */
const GIT_SAFE_GLOBAL_FLAGS = new Set(['--no-pager', '-P', '--no-optional-locks', '--literal-pathspecs']);

/** Options of git's read-only subcommands that write a file or start another program. */
const GIT_UNSAFE_OPTIONS = [
  '--output',
  '--ext-diff',
  '--textconv',
  '--exec',
  '--paginate',
  '--show-signature',
];

/** `git branch` arguments that only list (anything else may create, rename or delete a branch). */
const GIT_BRANCH_LIST_FLAGS = new Set([
  '--list',
  '-l',
  '--show-current',
  '-a',
  '--all',
  '-r',
  '--remotes',
  '-v',
  '-vv',
  '--verbose',
  '--no-color',
  '--color',
]);

/**
 * True when `argv` runs without asking under `approval_policy = "untrusted"`.
 *
 * @param argv - the command as the model sent it (`["git", "diff"]`); the program may be a path
 *   (`/usr/bin/ls`), judged by its base name.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  const [program, ...args] = argv;
  if (!program) return false;
  const name = program.slice(program.lastIndexOf('/') + 1);
  if (ALWAYS_SAFE.has(name)) return true;
  switch (name) {
    case 'git':
      return isSafeGit(args);
    case 'find':
      return !args.some((a) =>
        ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf'].includes(
          a,
        ),
      );
    case 'rg':
      return !args.some(
        (a) =>
          a === '--search-zip' ||
          a === '-z' ||
          /^-[^-]*z/.test(a) ||
          hasLongOption(a, '--pre') ||
          hasLongOption(a, '--pre-glob') ||
          hasLongOption(a, '--hostname-bin'),
      );
    case 'base64':
      return !args.some((a) => a === '--output' || a.startsWith('--output=') || /^-[^-]*o/.test(a));
    case 'date':
      // `date -s` / `--set` sets the clock; short options may be clustered (`-us`).
      return !args.some((a) => a.startsWith('--set') || /^-[^-]*s/.test(a));
    case 'sed':
      // Only `sed -n Np` / `sed -n M,Np [FILE]`: printing lines. `-i`, `w FILE` and `e` are refused.
      return args.length <= 3 && args[0] === '-n' && /^(\d+,)?\d+p$/.test(args[1] ?? '');
    default:
      return false;
  }
}

function hasLongOption(arg: string, option: string): boolean {
  return arg === option || arg.startsWith(`${option}=`);
}

/** git: no config override, a read-only subcommand, and no option that writes or runs a program. */
function isSafeGit(args: readonly string[]): boolean {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) break;
    if (a === '-C') {
      i++; // the folder
      continue;
    }
    // `-c key=value`, `--config-env`, `--exec-path`, `--git-dir`, ... are refused.
    if (!GIT_SAFE_GLOBAL_FLAGS.has(a)) return false;
  }
  const sub = args[i];
  if (sub === undefined || !GIT_READ_ONLY_SUBCOMMANDS.has(sub)) return false;
  const rest = args.slice(i + 1);
  const unsafe = rest.some(
    (a) =>
      GIT_UNSAFE_OPTIONS.some(
        (o) => a === o || a.startsWith(`${o}=`) || (o === '--output' && a.startsWith(o)),
      ) ||
      // `%G?`, `%GS`, ... in a format verify signatures, which runs gpg.program.
      ((a.startsWith('--format') || a.startsWith('--pretty')) && /%G|signature/.test(a)),
  );
  if (unsafe) return false;
  if (sub === 'branch') {
    // `git branch` alone lists; any other argument must be a listing flag.
    return rest.every((a) => GIT_BRANCH_LIST_FLAGS.has(a) || a.startsWith('--format='));
  }
  return true;
}
