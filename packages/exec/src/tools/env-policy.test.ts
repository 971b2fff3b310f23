import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SHELL_ENVIRONMENT_POLICY,
  type ShellEnvironmentPolicy,
  toolEnvironment,
} from './env-policy.ts';

const env = {
  PATH: '/bin',
  HOME: '/home/u',
  OPENAI_API_KEY: 'sk-1',
  github_token: 'gh',
  AWS_SECRET_ACCESS_KEY: 's',
  MONKEY: 'k',
  AWS_REGION: 'eu',
  LANG: 'C',
  UNSET: undefined,
};
const policy = (p: Partial<ShellEnvironmentPolicy>) => ({ ...DEFAULT_SHELL_ENVIRONMENT_POLICY, ...p });

describe('toolEnvironment', () => {
  test('default: everything but *KEY*, *SECRET*, *TOKEN* (any case), and the always-removed names', () => {
    expect(toolEnvironment(env, DEFAULT_SHELL_ENVIRONMENT_POLICY, ['LANG'])).toEqual({
      PATH: '/bin',
      HOME: '/home/u',
      AWS_REGION: 'eu',
    });
  });
  test('ignore_default_excludes keeps them; exclude globs still apply', () => {
    expect(toolEnvironment(env, policy({ ignoreDefaultExcludes: true, exclude: ['aws_*', 'LANG'] }))).toEqual(
      { PATH: '/bin', HOME: '/home/u', OPENAI_API_KEY: 'sk-1', github_token: 'gh', MONKEY: 'k' },
    );
  });
  test('inherit core / none, include_only, and set last', () => {
    expect(toolEnvironment(env, policy({ inherit: 'core' }))).toEqual({ PATH: '/bin', HOME: '/home/u' });
    expect(toolEnvironment(env, policy({ inherit: 'none', set: { CI: '1' } }))).toEqual({ CI: '1' });
    expect(toolEnvironment(env, policy({ includeOnly: ['PA*', 'aws_*'] }))).toEqual({
      PATH: '/bin',
      AWS_REGION: 'eu',
    });
    expect(
      toolEnvironment(env, policy({ set: { OPENAI_API_KEY: 'opt-in' } }), ['OPENAI_API_KEY']),
    ).toMatchObject({
      OPENAI_API_KEY: 'opt-in',
    });
  });
});
