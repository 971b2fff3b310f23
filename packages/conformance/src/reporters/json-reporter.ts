import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter } from './reporter.ts';

/** Writes `certification.json`: the whole report (secrets masked). */
export const jsonReporter: Reporter = {
  async onReport(report, ctx) {
    await mkdir(ctx.reportDir, { recursive: true });
    const file = join(ctx.reportDir, 'certification.json');
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    return [file];
  },
};
