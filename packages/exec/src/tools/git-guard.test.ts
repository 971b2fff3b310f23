import { expect, test } from 'vitest';
import { GIT_GUARD_ENV, guardGitArgv, guardGitEnv } from './git-guard.ts';

test('a direct git read gets --no-pager, and diff/log/show --no-ext-diff --no-textconv before "--"', () => {
  expect(guardGitArgv(['git', 'status'])).toEqual(['git', '--no-pager', 'status']);
  expect(guardGitArgv(['git', 'diff'])).toEqual([
    'git',
    '--no-pager',
    'diff',
    '--no-ext-diff',
    '--no-textconv',
  ]);
  expect(guardGitArgv(['git', '-C', 'd', 'log', '-n', '1', '--', 'a'])).toEqual([
    'git',
    '--no-pager',
    '-C',
    'd',
    'log',
    '-n',
    '1',
    '--no-ext-diff',
    '--no-textconv',
    '--',
    'a',
  ]);
  expect(guardGitArgv(['git', 'diff', '--ext-diff'])).toEqual([
    'git',
    '--no-pager',
    'diff',
    '--ext-diff',
    '--no-textconv',
  ]);
  expect(guardGitArgv(['ls', 'diff'])).toEqual(['ls', 'diff']);
});

test('the guard env replaces GIT_EXTERNAL_DIFF and earlier GIT_CONFIG_* pairs', () => {
  const env = guardGitEnv({
    PATH: '/bin',
    GIT_EXTERNAL_DIFF: '/tmp/evil',
    GIT_CONFIG_COUNT: '9',
    GIT_CONFIG_KEY_8: 'core.pager',
    GIT_CONFIG_VALUE_8: 'evil',
  });
  expect(env.GIT_EXTERNAL_DIFF).toBeUndefined();
  expect(env.GIT_CONFIG_KEY_8).toBeUndefined();
  expect(env).toMatchObject({ PATH: '/bin', ...GIT_GUARD_ENV });
  const pairs = Object.fromEntries(
    Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => [
      env[`GIT_CONFIG_KEY_${i}`],
      env[`GIT_CONFIG_VALUE_${i}`],
    ]),
  );
  expect(pairs).toMatchObject({ 'core.pager': 'cat', 'core.fsmonitor': 'false', 'diff.external': '' });
});
