import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CODEX_STYLE_CONFIG } from '../profiles/codex/config-toml.ts';
import type { ResolvedSubject } from '../runner/subject.ts';
import { type SubjectCapabilities, type SubjectSpecInput, SubjectSpecSchema } from './subject-spec.ts';

/** True when this module runs from TypeScript sources (type stripping), not from dist. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The command that starts `agentotel-exec`: its sources under `--conditions=@agentotel/source`, else dist. */
export function builtinCommand(): string[] {
  const pkg = dirname(createRequire(import.meta.url).resolve('@agentotel/exec/package.json'));
  const dist = join(pkg, 'dist/cli/main.js');
  if (!FROM_SOURCE && existsSync(dist)) return [process.execPath, dist];
  return [process.execPath, '--conditions=@agentotel/source', '--no-warnings', join(pkg, 'src/cli/main.ts')];
}

const userDecision = (
  decision: string,
): SubjectCapabilities['decisions'][keyof SubjectCapabilities['decisions']] => ({
  approvalPolicy: 'untrusted',
  env: { AGENTOTEL_APPROVALS_FILE: '{{configDir}}/approvals.jsonl' },
  files: { 'approvals.jsonl': `${JSON.stringify({ decision })}\n` },
});

/** The capabilities agentotel-exec claims (every one is exercised by a scenario). */
export const BUILTIN_CAPABILITIES: SubjectSpecInput['capabilities'] = {
  transports: ['http/json', 'http/protobuf', 'grpc'],
  tls: true,
  mtls: true,
  headerEnvSubstitution: true,
  metrics: true,
  streamRetry: true,
  shellTool: { name: 'shell', arguments: '{"command":["sh","-c",{{commandJson}}]}' },
  decisions: {
    'approved/config': { approvalPolicy: 'never' },
    'approved/user': userDecision('approved'),
    'approved_for_session/user': userDecision('approved_for_session'),
    'denied/user': userDecision('denied'),
    'abort/user': userDecision('abort'),
  },
  originator: 'agentotel_exec',
};

/**
 * A subject spec for agentotel-exec started by `command` (the builtin binary, or a fixture script that
 * calls `runCli` with injected dependencies).
 */
export function execStyleSpec(name: string, command: string[]): SubjectSpecInput {
  return {
    name,
    command: [...command, '--skip-git-repo-check', '{{prompt}}'],
    env: { AGENTOTEL_HOME: '{{configDir}}', MOCK_API_KEY: '{{apiKey}}' },
    files: { 'config.toml': CODEX_STYLE_CONFIG },
    capabilities: BUILTIN_CAPABILITIES,
    timeoutMs: 30_000,
  };
}

/**
 * The builtin subject: `agentotel-exec`, configured through a temporary `AGENTOTEL_HOME`.
 *
 * @example const subject = builtinSubject()
 */
export function builtinSubject(): ResolvedSubject {
  const spec = SubjectSpecSchema.parse({
    ...execStyleSpec('agentotel-exec', builtinCommand()),
    version: '0.1.0',
  });
  return { spec, baseDir: process.cwd() };
}
