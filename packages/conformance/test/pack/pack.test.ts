/**
 * What a third party does: the four packages built and packed, the tarballs installed with npm into an
 * empty folder outside the workspace, and `npx agentotel certify --subject subject.yaml` run there
 * against the packed `agentotel-exec` (the shell steps of the GitHub Action are action.test.ts); and
 * `npx agentotel certify --collector` through a real OpenTelemetry Collector, with the config files the
 * installed @agentotel/test-support ships, by each launcher (binary: the ocb build `otelcol/build.sh` caches;
 * docker: testcontainers, the image of `.ci/run`). A launcher without a collector skips with the reason,
 * or fails under AGENTOTEL_REQUIRE_ALL=1 / AGENTOTEL_REQUIRE_COLLECTOR=1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { collectorAvailability, collectorRequired } from '@agentotel/test-support';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAndPack, env, PACKED_SUBJECT_YAML } from './packed.ts';

// the collector as a third party finds it: the shipped otelcol/ folder, no AGENTOTEL_OTELCOL_* overrides
const thirdPartyEnv = Object.fromEntries(
  Object.entries(env).filter(([k]) => k !== 'AGENTOTEL_OTELCOL_DIR' && k !== 'AGENTOTEL_OTELCOL_BIN'),
);
const collectors = {
  binary: await collectorAvailability('binary', thirdPartyEnv),
  docker: await collectorAvailability('docker', thirdPartyEnv),
};

let work: string;
let project: string;
const tarballs: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'agentotel-pack-'));
  project = join(work, 'third-party');
  tarballs.push(...(await buildAndPack(work)));
  await execa('mkdir', ['-p', project]);
  await writeFile(join(project, 'package.json'), '{ "name": "third-party", "private": true }\n');
  await execa(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', ...tarballs],
    {
      cwd: project,
      env,
    },
  );
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

// The checks below share only what beforeAll built (the tarballs, the installed project) and write to
// folders of their own, so they run side by side.
describe.concurrent('the packed packages, installed with npm outside the workspace', () => {
  test('the tarballs hold no tests, and workspace versions are rewritten', async () => {
    expect(tarballs).toHaveLength(4);
    for (const t of tarballs) {
      const { stdout } = await execa('tar', ['tzf', t]);
      const files = stdout.split('\n');
      expect(
        files.filter((f) => /\.test\.|\/test\//.test(f)),
        t,
      ).toEqual([]);
      expect(files).toContain('package/dist/index.js');
      const { stdout: pkg } = await execa('tar', ['xzf', t, '-O', 'package/package.json']);
      expect(pkg, t).not.toContain('workspace:');
    }
  });

  test("@agentotel/test-support ships the collector's config files and scripts, not build outputs", async () => {
    const t = tarballs.find((x) => basename(x).includes('test-support'))!;
    const { stdout } = await execa('tar', ['tzf', t]);
    const otelcol = stdout
      .split('\n')
      .filter((f) => f.startsWith('package/otelcol/'))
      .sort();
    expect(otelcol).toEqual(
      [
        'Dockerfile',
        'build-image.sh',
        'build.sh',
        'forward.overlay.yaml',
        'manifest.yaml',
        'secure.overlay.yaml',
        'sink.yaml',
      ].map((f) => `package/otelcol/${f}`),
    );
  });

  for (const launcher of ['binary', 'docker'] as const) {
    const availability = collectors[launcher];
    test.skipIf(!availability.available && !collectorRequired())(
      `\`npx agentotel certify --subject builtin --collector --collector-launcher ${launcher} --only plain-answer\` captures through the real collector${availability.available ? '' : ` (${availability.reason})`}`,
      { timeout: 180_000 },
      async () => {
        expect(
          availability.available,
          `no collector (${launcher} launcher) although AGENTOTEL_REQUIRE_ALL/AGENTOTEL_REQUIRE_COLLECTOR is set: ${availability.available ? '' : availability.reason}`,
        ).toBe(true);
        const reportDir = join(work, `collector-${launcher}`);
        const r = await execa(
          'npx',
          [
            'agentotel',
            'certify',
            '--subject',
            'builtin',
            '--collector',
            '--collector-launcher',
            launcher,
            '--only',
            'plain-answer',
            '--reporter',
            'json',
            '--report-dir',
            reportDir,
          ],
          { cwd: project, env: thirdPartyEnv, reject: false, extendEnv: false },
        );
        expect(r.stdout, r.stderr).toMatch(/^PASSED \(partial: --only plain-answer; /m);
        expect(r.exitCode).toBe(0);
        const report = JSON.parse(await readFile(join(reportDir, 'certification.json'), 'utf8'));
        expect(report.capture).toBe('collector');
        expect(report.errors).toEqual([]);
        const capture = report.scenarios.find((s: { id: string }) => s.id === 'plain-answer').capture;
        expect(capture.path).toBe('collector');
        expect(capture.reason).toMatch(new RegExp(`real OpenTelemetry Collector .*\\(${launcher} launcher`));
      },
    );
  }

  test('`npx agentotel certify --subject subject.yaml` runs there', { timeout: 180_000 }, async () => {
    await writeFile(join(project, 'subject.yaml'), PACKED_SUBJECT_YAML);
    const r = await execa(
      'npx',
      ['agentotel', 'certify', '--subject', 'subject.yaml', '--only', 'plain-answer,tool-approved-by-config'],
      { cwd: project, env, reject: false },
    );
    expect(r.stdout, r.stderr).toMatch(/^PASSED \(partial: --only plain-answer tool-approved-by-config; /m);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(await readFile(join(project, 'reports/agentotel/certification.json'), 'utf8'));
    expect(report.subject.claimed).toEqual([
      'transport http/protobuf',
      'shell tool',
      'decision approved/config',
    ]);
    expect(report.summary.must.fail).toBe(0);
    expect(
      existsSync(join(project, 'node_modules/@agentotel/conformance/schema/certification.schema.json')),
    ).toBe(true);
  });

  test('an older Node.js is refused with one clear line (22.17 simulated; the system Node when older)', async () => {
    const bin = join(project, 'node_modules/.bin/agentotel');
    const refusal = (v: string, node: string) => [
      `agentotel needs Node.js >= 22.18; this is Node.js ${v} (${node})`,
    ];
    // this Node, reporting the last version below the floor (the check reads process.versions.node)
    const simulated = await execa(
      process.execPath,
      [
        '--import',
        'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"22.17.0"})',
        bin,
        'certify',
      ],
      { reject: false, env },
    );
    expect(simulated.exitCode, simulated.stderr).toBe(2);
    expect(simulated.stderr.trim().split('\n')).toEqual(refusal('22.17.0', process.execPath));
    // a real older Node (Debian's Node 20 on the CI machines), which must also parse the bin
    const oldNode = '/usr/bin/node';
    if (!existsSync(oldNode)) return;
    const { stdout: v } = await execa(oldNode, ['-p', 'process.versions.node']);
    const [major, minor] = v.split('.').map(Number) as [number, number];
    if (major > 22 || (major === 22 && minor >= 18)) return; // this machine's system Node is new enough
    const r = await execa(oldNode, [bin, 'certify'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(refusal(v, oldNode));
  });
});
