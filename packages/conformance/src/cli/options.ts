/** One CLI option: cac flags, description, default. */
export interface CliOptionSpec {
  flags: string;
  description: string;
  default?: unknown;
}

/** The options of `agentotel certify`, keyed by cac's camelCase name; a missing entry fails the build. */
export const CERTIFY_OPTIONS = {
  subject: {
    flags: '--subject <subject>',
    description: 'builtin | codex | claude-code | gemini-cli | path to a subject.yaml',
    default: 'builtin',
  },
  level: {
    flags: '--level <level>',
    description: 'core (numbers may be numeric strings) | strict (exact types)',
    default: 'core',
  },
  collector: {
    flags: '--collector',
    description: 'Capture through the real OpenTelemetry Collector instead of the embedded receiver',
  },
  collectorLauncher: {
    flags: '--collector-launcher <launcher>',
    description:
      'How --collector runs the collector: auto (default: docker when an engine answers, else the binary) | docker (testcontainers; $AGENTOTEL_COLLECTOR_IMAGE, else the contrib image) | binary ($AGENTOTEL_OTELCOL_BIN, else the ocb build of otelcol/build.sh)',
  },
  only: { flags: '--only <id>', description: 'Only these requirement or scenario ids (repeatable)' },
  reportDir: {
    flags: '--report-dir <dir>',
    description: 'Where report files go (reports/ is git-ignored)',
    default: 'reports/agentotel',
  },
  reporter: {
    flags: '--reporter <name>',
    description: 'console | json | junit | ctrf | html (repeatable; default all)',
  },
  codexBin: {
    flags: '--codex-bin <path>',
    description: 'Codex CLI binary for --subject codex (else $AGENTOTEL_CODEX_BIN)',
  },
  claudeCodeBin: {
    flags: '--claude-code-bin <path>',
    description: 'Claude Code binary for --subject claude-code (else $AGENTOTEL_CLAUDE_CODE_BIN)',
  },
  geminiCliBin: {
    flags: '--gemini-cli-bin <path>',
    description: 'Gemini CLI binary for --subject gemini-cli (else $AGENTOTEL_GEMINI_CLI_BIN)',
  },
  suppressions: {
    flags: '--suppressions <file>',
    description: 'YAML file of known deviations (requirement, scenario?, reason)',
  },
  concurrency: { flags: '--concurrency <n>', description: 'Scenarios run at once (default: cores + 2)' },
  showSecrets: { flags: '--show-secrets', description: 'Do not mask prompts and header values in reports' },
} as const satisfies Record<string, CliOptionSpec>;

/** Parsed options of `agentotel certify`. */
export type CertifyCliOptions = { [K in keyof typeof CERTIFY_OPTIONS]?: unknown };
