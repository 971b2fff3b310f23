/** One command-line option: its cac flags, help text and value placeholder. */
export interface OptionSpec {
  /** cac raw name, e.g. `-m, --model <model>`. */
  flags: string;
  description: string;
  /** Repeated options collect into an array. */
  repeatable?: boolean;
  /** Extra spellings accepted as the same option. */
  aliases?: string[];
}

/**
 * The options of `agentotel-exec [OPTIONS] [PROMPT]`, keyed by their camelCase name as cac reports it.
 * The mapped type makes the build fail if an option has no entry.
 */
export const EXEC_OPTIONS = {
  json: {
    flags: '--json',
    description: 'Print events to stdout as JSON Lines',
    aliases: ['experimentalJson'],
  },
  experimentalJson: { flags: '--experimental-json', description: 'Alias of --json' },
  config: {
    flags: '-c, --config <key=value>',
    description: 'Override a config.toml value (dotted key; value parsed as TOML, then JSON, then a string)',
    repeatable: true,
  },
  model: { flags: '-m, --model <model>', description: 'Model to use' },
  sandbox: {
    flags: '-s, --sandbox <mode>',
    description: 'read-only | workspace-write | danger-full-access (validated and reported; NOT enforced)',
  },
  approvalPolicy: {
    flags: '-a, --approval-policy <policy>',
    description: 'never | on-request | on-failure | untrusted',
    aliases: ['askForApproval'],
  },
  askForApproval: { flags: '--ask-for-approval <policy>', description: 'Alias of --approval-policy' },
  fullAuto: {
    flags: '--full-auto',
    description: 'Same as --approval-policy on-request --sandbox workspace-write',
  },
  cd: { flags: '-C, --cd <dir>', description: 'Working directory of the agent and its commands' },
  skipGitRepoCheck: { flags: '--skip-git-repo-check', description: 'Run outside a Git repository' },
  outputLastMessage: {
    flags: '--output-last-message <file>',
    description: 'Write the final assistant message to FILE',
  },
  approvalsFile: {
    flags: '--approvals-file <file>',
    description:
      'Answer approval questions from a JSON Lines file (see README); also $AGENTOTEL_APPROVALS_FILE',
  },
  help: { flags: '-h, --help', description: 'Print help' },
  version: { flags: '-V, --version', description: 'Print version' },
} as const satisfies Record<string, OptionSpec>;

/** The parsed options of the exec command. */
export interface ExecOptions {
  json: boolean;
  config: string[];
  model?: string;
  sandbox?: string;
  approvalPolicy?: string;
  fullAuto: boolean;
  cd?: string;
  skipGitRepoCheck: boolean;
  outputLastMessage?: string;
  approvalsFile?: string;
  help: boolean;
  version: boolean;
}

/** Exit codes: 0 completed, 1 failed turn or runtime error, 2 usage error; 130/143 after SIGINT/SIGTERM. */
export const EXIT = { ok: 0, failure: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

/** The `--help` text, built from {@link EXEC_OPTIONS}. */
export function helpText(version: string): string {
  const rows = Object.values(EXEC_OPTIONS as Record<string, OptionSpec>).map(
    (o) => [o.flags, o.description] as const,
  );
  const width = Math.max(...rows.map(([f]) => f.length));
  return [
    `agentotel-exec ${version}`,
    '',
    'Run one non-interactive agent turn against a Responses API provider, with OpenTelemetry.',
    '',
    'Usage:',
    '  agentotel-exec [OPTIONS] [PROMPT]      PROMPT, or stdin when PROMPT is "-" or absent',
    '  agentotel-exec app-server [-c k=v]     JSON-RPC 2.0 over stdio',
    '',
    'Options:',
    ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    '',
    'Configuration: $AGENTOTEL_HOME/config.toml (default ~/.agentotel/config.toml).',
    'Exit status: 0 turn completed; 1 failed turn or error; 2 usage error.',
    '',
  ].join('\n');
}
