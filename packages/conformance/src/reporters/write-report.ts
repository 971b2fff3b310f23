import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReporterContext } from './reporter.ts';

/** How long writing one report file may take before it counts as hung. */
export const REPORT_WRITE_TIMEOUT_MS = 30_000;

/**
 * Writes one report file into the report folder, bounded by {@link REPORT_WRITE_TIMEOUT_MS}.
 *
 * @returns the file's path.
 * @throws Error naming the file when the write fails or does not finish in time.
 */
export async function writeReportFile(ctx: ReporterContext, name: string, text: string): Promise<string> {
  const file = join(ctx.reportDir, name);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`[agentotel] writing ${file} did not finish within ${REPORT_WRITE_TIMEOUT_MS} ms`)),
      REPORT_WRITE_TIMEOUT_MS,
    );
    timer.unref();
  });
  const write = (async () => {
    await mkdir(ctx.reportDir, { recursive: true });
    await writeFile(file, text);
  })();
  try {
    await Promise.race([write, timeout]);
  } catch (err) {
    throw new Error(`[agentotel] could not write ${file}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  return file;
}
