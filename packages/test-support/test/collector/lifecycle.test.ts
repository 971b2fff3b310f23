import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CollectorError,
  collectorAvailability,
  findCollectorBinary,
  SHIPPED_OTELCOL_DIR,
  startCollector,
} from '../../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const binary = await collectorAvailability('binary');

function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

describe('collector launcher lifecycle', () => {
  it('auto/binary without a binary nor a runtime fails saying how to build one', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-otelcol-'));
    try {
      const env = { AGENTOTEL_CACHE: empty };
      expect(await findCollectorBinary(env)).toBeUndefined();
      const err = await startCollector({ launcher: 'binary', env }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CollectorError);
      expect((err as CollectorError).code).toBe('COLLECTOR_UNAVAILABLE');
      // the hint names the scripts this package ships, by absolute path (they work from an npm install)
      const message = (err as Error).message;
      expect(message).toContain(`bash ${SHIPPED_OTELCOL_DIR}/build.sh`);
      expect(message).toContain('AGENTOTEL_OTELCOL_BIN');
      expect(message).toContain(
        `AGENTOTEL_COLLECTOR_IMAGE to a local image, e.g. the one \`bash ${SHIPPED_OTELCOL_DIR}/build-image.sh\``,
      );
      expect(existsSync(join(SHIPPED_OTELCOL_DIR, 'build.sh'))).toBe(true);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('an AGENTOTEL_OTELCOL_DIR without sink.yaml makes the collector unavailable, saying so', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-otelcol-dir-'));
    try {
      const availability = await collectorAvailability('binary', { AGENTOTEL_OTELCOL_DIR: empty });
      expect(availability).toEqual({
        available: false,
        reason: `[test-support] AGENTOTEL_OTELCOL_DIR=${empty} has no sink.yaml; point it at a folder like ${SHIPPED_OTELCOL_DIR}, or unset it`,
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('an unknown launcher name lists the allowed ones', async () => {
    await expect(startCollector({ launcher: 'podman' as never })).rejects.toThrow(
      /unknown launcher "podman"; use 'auto', 'docker' or 'binary'/,
    );
  });

  it.skipIf(!binary.available)(
    'stop() ends the collector process; no orphan when the test process is killed',
    async () => {
      const collector = await startCollector({ launcher: 'binary' });
      const root = dirname(collector.outputDir);
      expect(processesMentioning(root).length).toBeGreaterThan(0);
      await collector.stop();
      expect(processesMentioning(root)).toEqual([]);

      // A test process that dies by SIGKILL (no exit hooks run) must not leave the collector behind.
      const child = spawn(process.execPath, [join(here, 'fixtures', 'start-and-hang.ts')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((ok, fail) => {
        let buf = '';
        child.stdout.on('data', (c: Buffer) => {
          buf += c.toString();
          if (buf.includes('\n')) ok(buf.split('\n')[0] ?? '');
        });
        child.once('exit', (code) => fail(new Error(`fixture exited with ${code}`)));
      });
      const childRoot = dirname((JSON.parse(line) as { outputDir: string }).outputDir);
      expect(processesMentioning(childRoot).length).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await expect.poll(() => processesMentioning(childRoot), { timeout: 5_000, interval: 100 }).toEqual([]);
      await rm(childRoot, { recursive: true, force: true });
    },
  );
});
