import { describe, expect, test } from 'vitest';
import { isKnownSafeCommand } from './safe-command.ts';

describe('isKnownSafeCommand', () => {
  test.each([
    [['ls', '-la']],
    [['/bin/cat', 'README.md']],
    [['git', 'status']],
    [['git', 'status', '--short']],
    [['git', 'log', '--oneline', '-n', '5']],
    [['git', 'diff', '--stat', 'HEAD~1']],
    [['git', 'show', 'HEAD']],
    [['git', '-C', 'sub', 'branch', '--show-current']],
    [['git', '--no-pager', 'branch']],
    [['git', 'branch', '-a', '-v']],
    [['find', '.', '-name', '*.ts']],
    [['rg', '-n', 'TODO']],
    [['date']],
    [['date', '-u', '+%s']],
    [['sed', '-n', '1,5p', 'file.txt']],
    [['base64', 'file']],
  ])('%j is safe', (argv) => {
    expect(isKnownSafeCommand(argv)).toBe(true);
  });

  test.each([
    [['git', 'push']],
    [['git', 'checkout', 'status']],
    [['git', 'log', '--output=/tmp/x']],
    [['git', 'diff', '--output', '/tmp/x']],
    [['git', 'diff', '--ext-diff']],
    [['git', 'show', '--textconv', 'HEAD:a']],
    [['git', 'log', '--show-signature']],
    [['git', 'log', '--format=%G?']],
    [['git', 'log', '--paginate']],
    [['git', '-c', 'core.pager=sh', 'log']],
    [['git', '-ccore.pager=sh', 'status']],
    [['git', '--config-env=core.pager=X', 'status']],
    [['git', '--exec-path=/tmp', 'status']],
    [['git', 'branch', '-D', 'main']],
    [['git', 'branch', '-d', 'feature']],
    [['git', 'branch', '-m', 'a', 'b']],
    [['git', 'branch', 'new-branch']],
    [['git', 'branch', '--delete', 'x']],
    [['git']],
    [['date', '-s', '2020-01-01']],
    [['date', '--set=2020-01-01']],
    [['date', '-us', '2020-01-01']],
    [['find', '.', '-exec', 'rm', '{}', ';']],
    [['find', '.', '-delete']],
    [['find', '.', '-fprint', '/tmp/x']],
    [['sed', '-i', 's/a/b/', 'f']],
    [['sed', '-n', '1w /tmp/x', 'f']],
    [['rg', '--pre', 'sh', 'x']],
    [['rg', '--pre=sh', 'x']],
    [['rg', '-z', 'x']],
    [['base64', '-o', 'out']],
    [['bash', '-lc', 'git diff']],
    [['rm', '-rf', '/']],
    [[]],
  ])('%j asks the user', (argv) => {
    expect(isKnownSafeCommand(argv)).toBe(false);
  });
});
