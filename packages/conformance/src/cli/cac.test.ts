import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectorAvailability, collectorRequired } from '@agentotel/test-support';
import { expect, test, vi } from 'vitest';
import { runCli } from './cac.ts';

const io = () => {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    out: () => out,
    err: () => err,
  };
};

test('an unknown level is a usage error (exit 2)', async () => {
  const t = io();
  expect(await runCli(['certify', '--level', 'lenient'], t.io)).toBe(2);
  expect(t.err()).toMatch(/--level must be core or strict/);
});

test('a missing command is a usage error', async () => {
  const t = io();
  expect(await runCli([], t.io)).toBe(2);
});

test('an unknown --only id is reported', async () => {
  const t = io();
  expect(await runCli(['certify', '--only', 'NOPE', '--reporter', 'console'], t.io)).toBe(1);
  expect(t.err()).toMatch(/unknown requirement or scenario id\(s\): NOPE/);
});

test('certify --only one scenario prints progress and the summary', { timeout: 60_000 }, async () => {
  const t = io();
  const code = await runCli(['certify', '--only', 'plain-answer', '--reporter', 'console'], t.io);
  expect(t.out()).toContain('[ 1/1] plain-answer');
  expect(t.out()).toContain('PASSED (partial: --only plain-answer;');
  expect(t.out()).not.toMatch(/^CERTIFIED/m);
  expect(code).toBe(0);
});

test('a report folder under /proc is refused before anything runs (usage error, no hang)', async () => {
  const t = io();
  const code = await runCli(
    ['certify', '--only', 'plain-answer', '--report-dir', '/proc/agentotel-reports/x'],
    t.io,
  );
  expect(code).toBe(2);
  expect(t.err()).toMatch(/--report-dir \/proc\/agentotel-reports\/x: \/proc is on procfs/);
  expect(t.out()).not.toContain('plain-answer');
});

test('a report folder that cannot be created is refused before anything runs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-cli-'));
  try {
    await writeFile(join(dir, 'file'), 'x');
    const t = io();
    const code = await runCli(
      ['certify', '--only', 'plain-answer', '--report-dir', join(dir, 'file', 'reports')],
      t.io,
    );
    expect(code).toBe(2);
    expect(t.err()).toContain(`${join(dir, 'file')} exists and is not a folder`);
    expect(t.out()).toBe('');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--reporter json alone still prints the verdict line', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-cli-'));
  try {
    const t = io();
    const code = await runCli(
      ['certify', '--only', 'plain-answer', '--reporter', 'json', '--report-dir', join(dir, 'r')],
      t.io,
    );
    expect(code).toBe(0);
    expect(t.out()).toMatch(/^PASSED \(partial: --only plain-answer;/m);
    const json = JSON.parse(await readFile(join(dir, 'r', 'certification.json'), 'utf8'));
    expect(json.verdict.status).toBe('partial');
    expect(json.$schema).toMatch(/certification\.schema\.json$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--collector-launcher takes auto, docker or binary, and only with --collector (usage error, exit 2)', async () => {
  const bad = io();
  expect(await runCli(['certify', '--collector', '--collector-launcher', 'podman'], bad.io)).toBe(2);
  expect(bad.err()).toContain('--collector-launcher must be auto, docker, binary, got "podman"');
  const alone = io();
  expect(await runCli(['certify', '--collector-launcher', 'binary'], alone.io)).toBe(2);
  expect(alone.err()).toContain('--collector-launcher needs --collector');
  // cac prints the help with console.info
  const log = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  try {
    expect(await runCli(['certify', '--help'], io().io)).toBe(0);
    expect(log.mock.calls.join('\n')).toMatch(
      /--collector-launcher <launcher>\s+How --collector runs the collector: auto/,
    );
  } finally {
    log.mockRestore();
  }
});

const binaryCollector = await collectorAvailability('binary');
test.skipIf(!binaryCollector.available && !collectorRequired())(
  `--collector --collector-launcher binary captures through the ocb-built collector${binaryCollector.available ? '' : ` (${binaryCollector.reason})`}`,
  { timeout: 120_000 },
  async () => {
    expect(binaryCollector.available, binaryCollector.available ? '' : binaryCollector.reason).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'agentotel-cli-'));
    try {
      const t = io();
      const code = await runCli(
        [
          'certify',
          '--collector',
          '--collector-launcher',
          'binary',
          '--only',
          'plain-answer',
          '--reporter',
          'json',
          '--report-dir',
          dir,
        ],
        t.io,
      );
      expect(code, t.err()).toBe(0);
      const json = JSON.parse(await readFile(join(dir, 'certification.json'), 'utf8'));
      const capture = json.scenarios.find((s: { id: string }) => s.id === 'plain-answer').capture;
      expect(capture.path).toBe('collector');
      expect(capture.reason).toMatch(/real OpenTelemetry Collector .*\(binary launcher/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
