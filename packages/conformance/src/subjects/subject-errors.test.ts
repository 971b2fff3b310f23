import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { certify } from '../certify.ts';
import { runCli } from '../cli/cac.ts';
import { SUBJECT_PLACEHOLDERS } from '../runner/home.ts';
import { loadSubjectFile } from './generic.ts';
import { didYouMean, displayPath, formatPath, SubjectFileError } from './subject-errors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentotel-subject-errors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh subject file and returns the error loading it throws. */
async function loadError(name: string, text: string): Promise<SubjectFileError> {
  const file = join(dir, name);
  await writeFile(file, text);
  const err = await loadSubjectFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SubjectFileError);
  return err as SubjectFileError;
}

test('a YAML syntax error names file:line:column, with the source line and a caret', async () => {
  const err = await loadError('syntax.yaml', 'name: x\ncommand: [ok]\nenv:\n  A: b: c\n');
  expect(err.code).toBe('SUBJECT_SYNTAX');
  const file = join(dir, 'syntax.yaml');
  expect(err.message).toContain(`${file}:4:6: Nested mappings are not allowed`);
  expect(err.message).toContain('        A: b: c\n           ^');
});

test('every YAML syntax error is listed, not only the first', async () => {
  const err = await loadError('syntax2.yaml', 'name: x\ncommand: [ok\nenv:\n  A: b: c\n');
  expect(err.problems.map((p) => p.line)).toEqual([3, 4]);
  expect(err.message).toMatch(/is not valid YAML \(2 problems\)/);
});

test('three problems in one file are all listed, each at its line', async () => {
  const err = await loadError(
    'three.yaml',
    [
      'name: x', //                         1
      'command: [ok]', //                   2
      'timeoutMs: soon', //                 3
      'capabilities:', //                   4
      '  transports: [http/protbuf]', //    5
      '  metrics: yes please', //           6
    ].join('\n'),
  );
  expect(err.code).toBe('SUBJECT_INVALID');
  const f = join(dir, 'three.yaml');
  expect(err.problems.map((p) => [p.line, p.column, formatPath(p.path)])).toEqual([
    [3, 12, 'timeoutMs'],
    [5, 16, 'capabilities.transports[0]'],
    [6, 12, 'capabilities.metrics'],
  ]);
  expect(err.message).toContain('(3 problems)');
  expect(err.message).toContain(`${f}:3:12: timeoutMs: expected number, received string`);
  expect(err.message).toContain(
    `${f}:5:16: capabilities.transports[0]: expected one of: http/json, http/protobuf, grpc; got "http/protbuf" (did you mean "http/protobuf"?)`,
  );
  expect(err.message).toContain(`${f}:6:12: capabilities.metrics: expected boolean, received string`);
});

test('an unknown key is reported at the key, with "did you mean"', async () => {
  const err = await loadError(
    'keys.yaml',
    'name: x\ncommand: [ok]\ncapabilities:\n  transport: [grpc]\n  decisions:\n    denied/usr: { approvalPolicy: untrusted }\ntimeout: 5\n',
  );
  const f = join(dir, 'keys.yaml');
  expect(err.message).toContain(`${f}:4:3: capabilities.transport: unknown key (did you mean "transports"?)`);
  expect(err.message).toContain(
    `${f}:6:5: capabilities.decisions["denied/usr"]: unknown key (did you mean "denied/user"?)`,
  );
  expect(err.message).toContain(`${f}:7:1: timeout: unknown key (did you mean "timeoutMs"?)`);
});

test('a key already written is not suggested for an unknown one', async () => {
  const err = await loadError('both.yaml', 'name: x\nnme: y\ncommand: [ok]\n');
  expect(err.message).toMatch(/:2:1: nme: unknown key; allowed: name, version,/);
});

test('an unknown key with no close match lists the allowed keys', async () => {
  const err = await loadError('far.yaml', 'name: x\ncommand: [ok]\nzzzzzzzz: 1\n');
  expect(err.message).toMatch(/:3:1: zzzzzzzz: unknown key; allowed: name, version, command, cwd, env,/);
});

test('a misspelt placeholder fails at load, once, naming file:line and the known placeholders', async () => {
  const file = join(dir, 'placeholder.yaml');
  await writeFile(
    file,
    'name: x\ncommand: [node, agent.js, "{{prompt}}"]\nenv:\n  HOME_DIR: "{{ configDri }}"\n',
  );
  // certify stops at load, before any scenario runs (at run time it failed once per scenario)
  const err = await certify({ subject: file }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SubjectFileError);
  const e = err as SubjectFileError;
  expect(e.code).toBe('SUBJECT_INVALID');
  expect(e.problems).toHaveLength(1);
  expect(e.message).toContain(
    `${file}:4:14: env.HOME_DIR: unknown placeholder {{ configDri }} (did you mean {{configDir}}?)`,
  );
  expect(e.message).toContain(`known placeholders: ${[...SUBJECT_PLACEHOLDERS].sort().join(', ')}`);
});

test('placeholders are checked in files, decisions and the shell tool, each occurrence at its own line', async () => {
  const err = await loadError(
    'places.yaml',
    [
      'name: x',
      'command: [ok]',
      'files:',
      '  config.toml: |',
      '    a = 1',
      '    url = "{{modelBaseURL}}"',
      '    again = "{{modelBaseURL}}"',
      'capabilities:',
      '  shellTool: { name: shell, arguments: \'{"cmd":{{commandJsn}}}\' }',
      '  decisions:',
      '    denied/user: { args: ["--approvals={{configDir}}/{{approvals}}"] }',
    ].join('\n'),
  );
  expect(err.problems.map((p) => [p.line, p.column, formatPath(p.path), p.message])).toEqual([
    [6, 12, 'files["config.toml"]', 'unknown placeholder {{modelBaseURL}} (did you mean {{modelBaseUrl}}?)'],
    [7, 14, 'files["config.toml"]', 'unknown placeholder {{modelBaseURL}} (did you mean {{modelBaseUrl}}?)'],
    [
      9,
      48,
      'capabilities.shellTool.arguments',
      'unknown placeholder {{commandJsn}} (did you mean {{commandJson}}?)',
    ],
    [11, 54, 'capabilities.decisions["denied/user"].args[0]', 'unknown placeholder {{approvals}}'],
  ]);
  expect(err.message).toContain(
    'known placeholders in capabilities.shellTool.arguments: commandJson, command',
  );
});

test("a telemetry style's own placeholders are known only with that style", async () => {
  const settings = 'files:\n  s.json: "{{geminiTelemetry}}"\n';
  const gemini = join(dir, 'gemini.yaml');
  await writeFile(gemini, `name: x\ncommand: [ok]\nprofile: gemini-cli\n${settings}`);
  await expect(loadSubjectFile(gemini)).resolves.toBeDefined();
  const err = await loadError('codex-gemini.yaml', `name: x\ncommand: [ok]\nprofile: codex\n${settings}`);
  expect(err.message).toContain('unknown placeholder {{geminiTelemetry}}');
});

test('an empty file and a missing key are located', async () => {
  const empty = await loadError('empty.yaml', '');
  expect(empty.message).toMatch(/empty\.yaml:1:1: expected a mapping of subject keys/);
  const missing = await loadError('missing.yaml', 'name: x\ncapabilities:\n  shellTool:\n    name: sh\n');
  expect(missing.problems.map((p) => [p.line, formatPath(p.path), p.message])).toEqual([
    [1, 'command', 'required key is missing (a list)'],
    [4, 'capabilities.shellTool.arguments', 'required key is missing (a string)'],
  ]);
});

test('the CLI prints every problem as one block and exits with the usage status', async () => {
  const file = join(dir, 'cli.yaml');
  await writeFile(file, 'nme: x\ncommand: [ok, "{{promt}}"]\n');
  let out = '';
  let stderr = '';
  const code = await runCli(['certify', '--subject', file], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(stderr).toBe(
    [
      `[agentotel] subject file ${file} is not a valid subject (3 problems):`,
      `  ${file}:1:1: name: required key is missing (a string)`,
      `  ${file}:1:1: nme: unknown key (did you mean "name"?)`,
      `  ${file}:2:16: command[1]: unknown placeholder {{promt}} (did you mean {{prompt}}?)`,
      `  known placeholders: ${[...SUBJECT_PLACEHOLDERS].sort().join(', ')}`,
      '',
    ].join('\n'),
  );
});

test('an unreadable file is SUBJECT_UNREADABLE, naming it', async () => {
  const file = resolve(dir, 'nope.yaml');
  const err = (await loadSubjectFile(file).catch((e: unknown) => e)) as SubjectFileError;
  expect(err.code).toBe('SUBJECT_UNREADABLE');
  expect(err.message).toContain(`${file}: ENOENT`);
});

test('didYouMean: close names, prefixes, and nothing for far ones', () => {
  expect(didYouMean('configDri', ['configDir', 'workDir'])).toBe('configDir');
  expect(didYouMean('claude', ['codex', 'claude-code', 'gemini-cli'])).toBe('claude-code');
  expect(didYouMean('MODELBASEURL', ['modelBaseUrl'])).toBe('modelBaseUrl');
  expect(didYouMean('zzzz', ['name', 'command'])).toBeUndefined();
  expect(didYouMean('name', ['name'])).toBeUndefined();
});

test('formatPath and displayPath', () => {
  expect(formatPath(['capabilities', 'transports', 0])).toBe('capabilities.transports[0]');
  expect(formatPath(['files', 'config.toml'])).toBe('files["config.toml"]');
  expect(formatPath([])).toBe('(root)');
  expect(displayPath('/a/b/subject.yaml', '/a')).toBe('b/subject.yaml');
  expect(displayPath('/x/subject.yaml', '/a')).toBe('/x/subject.yaml');
});
