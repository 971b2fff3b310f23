import { cac } from 'cac';
import { EXEC_OPTIONS, type ExecOptions, type OptionSpec } from './options.ts';

/** A command-line usage error: exit status 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What the command line asks for. */
export type ParsedCommand =
  | { command: 'exec'; options: ExecOptions; prompt: string | undefined }
  | { command: 'app-server'; options: ExecOptions };

const KNOWN = new Set<string>(['--', ...Object.keys(EXEC_OPTIONS)]);
for (const spec of Object.values(EXEC_OPTIONS as Record<string, OptionSpec>)) {
  for (const part of spec.flags.split(',')) {
    const name = part.trim().split(' ')[0]!.replace(/^-+/, '');
    KNOWN.add(name);
  }
}

/**
 * Parses `argv` (without node and script) with cac, using the {@link EXEC_OPTIONS} table.
 *
 * @throws UsageError for unknown options, missing values or extra arguments.
 */
export function parseArgs(argv: string[]): ParsedCommand {
  const cli = cac('agentotel-exec');
  for (const spec of Object.values(EXEC_OPTIONS as Record<string, OptionSpec>)) {
    cli.option(spec.flags, spec.description, spec.repeatable ? { type: [String] } : {});
  }
  let parsed: { args: readonly string[]; options: Record<string, unknown> };
  try {
    parsed = cli.parse(['node', 'agentotel-exec', ...camelFlags(argv)], { run: false }) as typeof parsed;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const o = parsed.options;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) throw new UsageError(`unknown option ${key.length === 1 ? '-' : '--'}${kebab(key)}`);
  }
  const str = (name: string): string | undefined => {
    const v = o[name];
    if (v === undefined) return undefined;
    if (typeof v === 'boolean' || v === '') throw new UsageError(`option --${kebab(name)} needs a value`);
    if (Array.isArray(v)) throw new UsageError(`option --${kebab(name)} given more than once`);
    return String(v);
  };
  const config = o.config === undefined ? [] : (Array.isArray(o.config) ? o.config : [o.config]).map(String);
  if (config.some((c) => c === 'true' || c === '')) throw new UsageError('option -c needs key=value');
  const approvalPolicy = str('approvalPolicy') ?? str('askForApproval');
  const options: ExecOptions = {
    json: o.json === true || o.experimentalJson === true,
    config,
    fullAuto: o.fullAuto === true,
    skipGitRepoCheck: o.skipGitRepoCheck === true,
    help: o.help === true || o.h === true,
    version: o.version === true || o.V === true,
  };
  const model = str('model');
  if (model !== undefined) options.model = model;
  const sandbox = str('sandbox');
  if (sandbox !== undefined) options.sandbox = sandbox;
  if (approvalPolicy !== undefined) options.approvalPolicy = approvalPolicy;
  const cd = str('cd');
  if (cd !== undefined) options.cd = cd;
  const out = str('outputLastMessage');
  if (out !== undefined) options.outputLastMessage = out;
  const af = str('approvalsFile');
  if (af !== undefined) options.approvalsFile = af;
  const args = [...parsed.args];
  if (args[0] === 'app-server') {
    if (args.length > 1)
      throw new UsageError(`app-server takes no arguments, got ${JSON.stringify(args.slice(1).join(' '))}`);
    return { command: 'app-server', options };
  }
  if (args.length > 1) {
    throw new UsageError(
      `expected one PROMPT argument, got ${args.length}: quote the prompt, e.g. "fix the tests"`,
    );
  }
  return { command: 'exec', options, prompt: promptText(args[0], argv) };
}

/**
 * The PROMPT argument as text. mri (under cac) turns a positional that looks like a number into a
 * number once an option came before it (`--json 42`, and `"  "` becomes 0), so the text is taken back
 * from `argv`.
 *
 * @throws UsageError for a blank prompt, and for a prompt that is only a number (a mistake far more
 *   often than a task: a misplaced option value, an unquoted count).
 */
function promptText(parsed: unknown, argv: string[]): string | undefined {
  if (parsed === undefined) return undefined;
  const raw = typeof parsed === 'string' ? parsed : (rawPositionals(argv).at(-1) ?? String(parsed));
  if (raw === '-') return raw;
  if (raw.trim() === '') throw new UsageError('empty prompt: pass PROMPT, or "-" to read it from stdin');
  if (typeof parsed !== 'string' || /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw)) {
    throw new UsageError(
      `the prompt is a number (${JSON.stringify(raw)}): describe the task in words, e.g. "count the files"; was it meant as an option's value?`,
    );
  }
  return raw;
}

/** Options that take a value (`-m gpt-5`), from {@link EXEC_OPTIONS}. */
const VALUE_FLAGS = new Set(
  Object.values(EXEC_OPTIONS as Record<string, OptionSpec>)
    .filter((o) => o.flags.includes('<'))
    .flatMap((o) => o.flags.split(',').map((p) => p.trim().split(' ')[0]!)),
);

/** The positional arguments of `argv` as typed (after `--`, or not an option nor an option's value). */
function rawPositionals(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return [...out, ...argv.slice(i + 1)];
    if (a.startsWith('-') && a.length > 1) {
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * @note cac hands mri its boolean options under camelCase names, so `--skip-git-repo-check PROMPT`
 * would take PROMPT as the flag's value. Writing long flags in camelCase before parsing avoids that.
 */
function camelFlags(argv: string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const a of argv) {
    if (rest || !a.startsWith('--') || a === '--') {
      if (a === '--') rest = true;
      out.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    out.push(`--${camel}${eq === -1 ? '' : a.slice(eq)}`);
  }
  return out;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
