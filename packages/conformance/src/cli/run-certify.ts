import { resolve } from 'node:path';
import type { CollectorLauncher } from '@agentotel/test-support';
import type { Level } from '../catalog/model.ts';
import { type CertifyOptions, certify } from '../certify.ts';
import { createConsoleReporter } from '../reporters/console-reporter.ts';
import { type ReporterName, reporters } from '../reporters/index.ts';
import type { ReporterContext } from '../reporters/reporter.ts';
import type { CertifyCliOptions } from './options.ts';
import { ensureWritableDir } from './report-dir.ts';

/** Error for a bad command-line value, with a stable code. */
export class CliUsageError extends Error {
  readonly code = 'USAGE';
}

/** The values of `--collector-launcher` (the launchers of `startCollector`). */
const COLLECTOR_LAUNCHERS: readonly CollectorLauncher[] = ['auto', 'docker', 'binary'];

const list = (v: unknown): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter(Boolean);

/**
 * `agentotel certify` as a function: checks the report folder can be written, runs the certification,
 * writes every report and returns the exit status: 0 certified or passed partially, 1 not certified,
 * 2 a usage error (a bad option, a report folder that cannot be written), 3 the subject errored (could
 * not start, crashed, timed out) or the harness could not run a scenario. The verdict line is printed
 * whichever reporters are chosen.
 *
 * @throws CliUsageError for a bad option value or a report folder that cannot be written.
 *
 * @example const code = await runCertify({ subject: 'builtin', level: 'core' }, process.stdout)
 */
export async function runCertify(
  opts: CertifyCliOptions,
  out: ReporterContext['out'],
  extra: Partial<CertifyOptions> = {},
): Promise<number> {
  const level = String(opts.level ?? 'core');
  if (level !== 'core' && level !== 'strict')
    throw new CliUsageError(`[agentotel] --level must be core or strict, got "${level}"`);
  const names = list(opts.reporter);
  const chosen = (names.length ? names : Object.keys(reporters)) as ReporterName[];
  const unknown = chosen.filter((n) => !(n in reporters));
  if (unknown.length)
    throw new CliUsageError(
      `[agentotel] unknown reporter ${unknown.join(', ')}; known: ${Object.keys(reporters).join(', ')}`,
    );
  const ctx: ReporterContext = { reportDir: resolve(String(opts.reportDir ?? 'reports/agentotel')), out };
  const active = chosen.map((n) => (n === 'console' ? createConsoleReporter() : reporters[n]));
  if (chosen.some((n) => n !== 'console')) {
    const problem = await ensureWritableDir(ctx.reportDir);
    if (problem) throw new CliUsageError(`[agentotel] --report-dir ${ctx.reportDir}: ${problem}`);
  }
  const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
  if (concurrency !== undefined && !(concurrency >= 1))
    throw new CliUsageError('[agentotel] --concurrency must be a positive integer');
  const launcher = opts.collectorLauncher === undefined ? undefined : String(opts.collectorLauncher);
  if (launcher !== undefined && !COLLECTOR_LAUNCHERS.includes(launcher as CollectorLauncher))
    throw new CliUsageError(
      `[agentotel] --collector-launcher must be ${COLLECTOR_LAUNCHERS.join(', ')}, got "${launcher}"`,
    );
  if (launcher !== undefined && !opts.collector)
    throw new CliUsageError('[agentotel] --collector-launcher needs --collector');
  const options: CertifyOptions = {
    subject: String(opts.subject ?? 'builtin'),
    level: level as Level,
    collector: !!opts.collector,
    ...(launcher ? { collectorLauncher: launcher as CollectorLauncher } : {}),
    only: list(opts.only),
    showSecrets: !!opts.showSecrets,
    onProgress: (e) => {
      for (const r of active) r.onProgress?.(e, ctx);
    },
    ...(opts.codexBin ? { codexBin: String(opts.codexBin) } : {}),
    ...(opts.claudeCodeBin || opts.geminiCliBin
      ? {
          bins: {
            ...(opts.claudeCodeBin ? { 'claude-code': String(opts.claudeCodeBin) } : {}),
            ...(opts.geminiCliBin ? { 'gemini-cli': String(opts.geminiCliBin) } : {}),
          },
        }
      : {}),
    ...(opts.suppressions ? { suppressions: String(opts.suppressions) } : {}),
    ...(concurrency ? { concurrency } : {}),
    ...extra,
  };
  const { report, exitCode } = await certify(options);
  const files: string[] = [];
  for (const r of active) files.push(...((await r.onReport?.(report, ctx)) ?? []));
  if (files.length) out.write(`reports: ${files.join(', ')}\n`);
  if (!chosen.includes('console')) out.write(`${report.verdict.line}\n`);
  return exitCode;
}
