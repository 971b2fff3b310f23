/**
 * The GitHub Action (`action.yml`, composite) as a runner runs its shell steps (RUNNER_TEMP,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY): it installs the packed tarballs named by a relative glob,
 * certifies a subject, writes the verdict outputs and the job summary, and fails on the verdicts
 * `fail-on` names. A file of its own beside pack.test.ts (the npm install and `npx agentotel certify`),
 * so that the two npm installs run side by side.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildAndPack, env, PACKED_SUBJECT_YAML, ROOT } from './packed.ts';

let work: string;
const tarballs: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'agentotel-action-'));
  tarballs.push(...(await buildAndPack(work)));
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test("the GitHub Action's shell steps (action.yml) install the tarballs, certify and set the verdict outputs", {
  timeout: 300_000,
}, async () => {
  type Step = { name?: string; run?: string };
  const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: Step[] };
  };
  expect(action.runs.using).toBe('composite');
  const step = (name: string) => {
    const run = action.runs.steps.find((s) => s.name === name)?.run;
    expect(run, `action.yml has a step "${name}" with a run script`).toBeTruthy();
    // inputs reach the scripts through env only, so that the scripts run as they are here
    expect(run).not.toContain('${{');
    return run!;
  };
  // a third party's workspace: the tarballs in a folder of its own, named by a relative glob
  const workspace = join(work, 'workspace');
  const runnerTemp = join(work, 'runner-temp');
  await mkdir(join(workspace, 'agentotel-packs'), { recursive: true });
  await mkdir(runnerTemp, { recursive: true });
  for (const t of tarballs) await copyFile(t, join(workspace, 'agentotel-packs', basename(t)));
  // the agent under test: the agentotel-exec the action installed (a third party's own agent elsewhere)
  await writeFile(
    join(workspace, 'subject.yaml'),
    PACKED_SUBJECT_YAML.replace(
      '{{subjectDir}}/node_modules',
      join(runnerTemp, 'agentotel-action', 'node_modules'),
    ),
  );
  const github = {
    ...env,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: join(runnerTemp, 'output'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
    // the npm cache of the install above answers (as --prefer-offline there)
    npm_config_prefer_offline: 'true',
  };
  await writeFile(github.GITHUB_OUTPUT, '');
  await writeFile(github.GITHUB_STEP_SUMMARY, '');
  const bash = (name: string, more: Record<string, string>) =>
    execa('bash', ['-c', step(name)], { cwd: workspace, env: { ...github, ...more }, reject: false });

  const install = await bash('Install agentotel', { PACKAGES: 'agentotel-packs/*.tgz' });
  expect(install.exitCode, install.stderr).toBe(0);
  expect(install.stdout).toMatch(/^agentotel\/\d+\.\d+\.\d+ /m);

  const certify = await bash('Certify', {
    SUBJECT: 'subject.yaml',
    LEVEL: 'core',
    ARGS: '--only plain-answer,tool-approved-by-config',
    REPORT_DIR: 'agentotel-reports',
  });
  expect(certify.exitCode, certify.stderr).toBe(0);
  const outputs = Object.fromEntries(
    (await readFile(github.GITHUB_OUTPUT, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(outputs).toEqual({
    'report-dir': join(workspace, 'agentotel-reports'),
    'exit-code': '0',
    verdict: 'partial',
  });
  expect(existsSync(join(workspace, 'agentotel-reports', 'certification.html'))).toBe(true);
  expect(await readFile(github.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^PASSED \(partial: --only /m);

  // fail-on: the default lets a partial verdict pass, `partial` does not
  const verdict = (failOn: string) =>
    bash('Verdict', { CODE: outputs['exit-code']!, VERDICT: outputs.verdict!, FAIL_ON: failOn });
  expect((await verdict('not-certified')).exitCode).toBe(0);
  expect((await verdict('partial')).exitCode).toBe(1);
  expect((await verdict('never')).exitCode).toBe(0);
});
