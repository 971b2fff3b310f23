import pc from 'picocolors';
import type { CertificationReport, RequirementResult } from '../model/report-model.ts';
import { catalogLine } from './profile-line.ts';
import type { Reporter, ReporterContext } from './reporter.ts';

type Colors = ReturnType<typeof pc.createColors>;

const MARK: Record<RequirementResult['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  suppressed: 'KNOWN',
};

/** Most stderr lines of a subject error the console prints (the reports keep up to 50). */
const CONSOLE_STDERR_LINES = 20;

/**
 * Whether to colour: never with `NO_COLOR` set to a non-empty value (https://no-color.org), always
 * with `FORCE_COLOR` set (not `0`), else only on a terminal.
 */
export function colorEnabled(out: ReporterContext['out'], env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return !!out.isTTY;
}

/**
 * Renders the summary as text: only what needs attention is listed line by line (failures with their
 * evidence, MUSTs not covered, subject errors with their stderr, SHOULD failures); passes are counted.
 * A passing run fits in a dozen lines. `colors` defaults to none.
 */
export function renderConsoleSummary(
  report: CertificationReport,
  c: Colors = pc.createColors(false),
): string {
  const lines: string[] = [''];
  const ran = report.scenarios.filter((s) => s.state === 'ran');
  const skipped = report.scenarios.filter((s) => s.state === 'skipped');
  const errored = report.scenarios.filter((s) => s.state === 'error');
  const failing = ran.filter((s) => s.failed.length);
  const paths = new Map<string, number>();
  for (const s of ran) paths.set(s.capture.path, (paths.get(s.capture.path) ?? 0) + 1);
  lines.push(
    `${c.bold('Subject')} ${report.subject.name}${report.subject.version ? ` ${report.subject.version}` : ''}, ${report.subject.profile ? `profile ${report.subject.profile}, ` : ''}level ${report.level}, capture ${report.capture}`,
    ...(report.subject.catalog ? [`  catalog: ${catalogLine(report.subject.catalog)}`] : []),
    `  claims: ${report.subject.claimed.join(', ') || 'nothing'}`,
  );
  if (report.subject.notClaimed.length)
    lines.push(`  does not claim: ${report.subject.notClaimed.join(', ')}`);
  lines.push(
    `${c.bold('Scenarios')} ${ran.length} ran (${[...paths].map(([p, n]) => `${n} via ${p}`).join(', ') || 'none'}), ${failing.length} with failures, ${skipped.length} skipped, ${errored.length + report.subjectErrors.length} errors`,
  );
  for (const s of failing) lines.push(`  ${c.red('FAIL')} ${s.id}: ${s.failed.join(', ')}`);
  const skipReasons = new Map<string, string[]>();
  for (const s of skipped) {
    const why = (s.reason ?? '').split('\n')[0] ?? '';
    skipReasons.set(why, [...(skipReasons.get(why) ?? []), s.id]);
  }
  for (const [why, ids] of skipReasons) lines.push(`  ${c.dim('skip')} ${ids.join(', ')}: ${c.dim(why)}`);
  for (const s of errored) lines.push(`  ${c.red('ERR ')} ${s.id}: ${(s.reason ?? '').split('\n')[0]}`);

  const errs = new Map<string, string[]>();
  for (const e of report.subjectErrors) {
    const key = `${e.kind}\u0000${e.message}\u0000${e.stderrTail}`;
    errs.set(key, [...(errs.get(key) ?? []), e.scenario]);
  }
  for (const [key, ids] of errs) {
    const [kind, message, tail] = key.split('\u0000') as [string, string, string];
    lines.push(c.red(c.bold(`Subject error (${kind}) in ${ids.join(', ')}`)), `  ${message}`);
    const tailLines = tail ? tail.split('\n') : [];
    if (tailLines.length) {
      lines.push(
        `  stderr (last ${Math.min(tailLines.length, CONSOLE_STDERR_LINES)} lines; the reports keep more):`,
      );
      for (const l of tailLines.slice(-CONSOLE_STDERR_LINES)) lines.push(c.dim(`    | ${l}`));
    } else lines.push('  stderr: (empty)');
  }

  const attention = report.requirements.filter(
    (r) => r.verdict === 'fail' || r.verdict === 'suppressed' || r.undecided,
  );
  if (attention.length) lines.push(c.bold('Requirements that failed'));
  for (const r of attention.sort((a, b) =>
    a.strength === b.strength ? 0 : a.strength === 'MUST' ? -1 : 1,
  )) {
    const mark = r.undecided ? 'UNDEC' : MARK[r.verdict];
    const colour = r.strength === 'MUST' ? c.red : c.yellow;
    lines.push(`  ${colour(`${mark} ${r.strength.padEnd(6)}`)} ${c.bold(r.id)}: ${r.text}`);
    for (const f of r.findings
      .filter((x) => x.verdict === 'fail' || x.verdict === 'suppressed' || x.undecided)
      .slice(0, 4)) {
      lines.push(
        `      - [${f.scenario}] ${f.undecided ? 'undecided: ' : ''}${f.reason}${f.suppressedBecause ? ` (known deviation: ${f.suppressedBecause})` : ''}`,
      );
      for (const e of f.evidence.slice(0, 2))
        lines.push(c.dim(`          ${e.label}: ${e.detail.slice(0, 300)}`));
    }
  }
  if (report.verdict.notCovered.length) {
    lines.push(c.bold(`MUSTs not covered (${report.verdict.notCovered.length})`));
    const byReason = new Map<string, string[]>();
    for (const n of report.verdict.notCovered)
      byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.id]);
    for (const [why, ids] of byReason) lines.push(`  ${ids.join(', ')}: ${c.dim(why)}`);
  }
  const extraEvents = Object.entries(report.info.events);
  if (extraEvents.length || Object.keys(report.info.attributes).length) {
    lines.push(`${c.bold('Information')} (outside the catalog, never a failure)`);
    if (extraEvents.length) lines.push(`  events: ${extraEvents.map(([k, v]) => `${k} x${v}`).join(', ')}`);
    const onEvents = new Map<string, string[]>();
    for (const [e, attrs] of Object.entries(report.info.attributes))
      for (const a of attrs) onEvents.set(a, [...(onEvents.get(a) ?? []), e]);
    for (const [a, events] of onEvents) lines.push(`  attribute ${a} on ${events.join(', ')}`);
  }
  for (const e of report.errors) lines.push(c.red(`  ERROR ${e.split('\n')[0]}`));
  for (const u of report.undecided) lines.push(c.red(`  UNDECIDED MUST ${u}`));
  const m = report.summary.must;
  const s = report.summary.should;
  lines.push(
    `MUST: ${m.pass} pass, ${m.fail} fail, ${m.skip} not covered, ${m.suppressed} known   SHOULD: ${s.pass} pass, ${s.fail} fail, ${s.skip} skip`,
    verdictColor(report, c)(c.bold(report.verdict.line)),
    '',
  );
  return lines.join('\n');
}

function verdictColor(report: CertificationReport, c: Colors): (s: string) => string {
  const st = report.verdict.status;
  return st === 'certified' ? c.green : st === 'partial' ? c.yellow : c.red;
}

/** The one verdict line of a report (`CERTIFIED: …`, `PASSED (partial: …)`, `NOT CERTIFIED: …`, `ERROR: …`). */
export function verdictLine(report: CertificationReport): string {
  return report.verdict.line;
}

/** Longest progress line off a terminal, in characters (on a terminal: its width). */
const PROGRESS_LINE_WIDTH = 100;
/** How long a finished scenario may wait for others to share its progress line, in ms. */
const PROGRESS_FLUSH_MS = 1_000;

/**
 * Console output. On a terminal: colour (unless `NO_COLOR`), a live line naming the scenarios still
 * running, rewritten in place. On a terminal and in CI logs alike, finished scenarios share progress
 * lines (`  [ 4/28] plain-answer 434ms, stream-cut 492ms, …`) up to the terminal's width (100 characters
 * in a log), so that a passing run of ~30 scenarios stays well under 40 lines; a line is written when
 * full, when a scenario errors or is skipped, when the last one finishes, or after
 * {@link PROGRESS_FLUSH_MS} without another (a hung scenario never hides the others). Then the summary of
 * {@link renderConsoleSummary}.
 */
export function createConsoleReporter(): Reporter {
  const running = new Set<string>();
  let done = 0;
  let total = 0;
  let live = false;
  /** Finished scenarios not yet written, and the `done` count of the last of them. */
  let pending: string[] = [];
  let pendingDone = 0;
  let pendingColumns = 0;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const clearLive = (ctx: ReporterContext) => {
    if (live) ctx.out.write('\r\x1b[2K');
    live = false;
  };
  const drawLive = (ctx: ReporterContext) => {
    if (!ctx.out.isTTY || running.size === 0) return;
    const c = pc.createColors(colorEnabled(ctx.out));
    const width = Math.max(40, (ctx.out.columns ?? 100) - 1);
    const text = `  running ${running.size} (${done}/${total} done): ${[...running].join(', ')}`;
    ctx.out.write(`\r\x1b[2K${c.dim(text.length > width ? `${text.slice(0, width - 1)}…` : text)}`);
    live = true;
  };
  const flush = (ctx: ReporterContext) => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length === 0) return;
    clearLive(ctx);
    ctx.out.write(`  [${String(pendingDone).padStart(2)}/${total}] ${pending.join(', ')}\n`);
    pending = [];
    pendingColumns = 0;
    drawLive(ctx);
  };
  return {
    onProgress(e, ctx) {
      const c = pc.createColors(colorEnabled(ctx.out));
      if (e.kind === 'start') {
        total = e.scenarios;
        ctx.out.write(`${c.bold('agentotel certify')}: ${e.subject}, ${e.scenarios} scenarios\n`);
      } else if (e.kind === 'scenario-start') {
        running.add(e.id);
        drawLive(ctx);
      } else {
        running.delete(e.id);
        done = e.done;
        total = e.total;
        const plain = e.state === 'ran' ? `${e.durationMs}ms` : e.state;
        const state = e.state === 'ran' ? plain : e.state === 'error' ? c.red(plain) : c.dim(plain);
        // columns the line takes (colour codes take none): prefix, entries, ', ' between them
        const columns = `  [${String(e.done).padStart(2)}/${e.total}] `.length + pendingColumns;
        const width = ctx.out.isTTY ? Math.max(40, (ctx.out.columns ?? 100) - 1) : PROGRESS_LINE_WIDTH;
        const entryColumns = e.id.length + 1 + plain.length;
        if (pending.length && columns + 2 + entryColumns > width) flush(ctx);
        pendingColumns += (pending.length ? 2 : 0) + entryColumns;
        pending.push(`${e.id} ${state}`);
        pendingDone = e.done;
        if (e.state !== 'ran' || e.done >= e.total) flush(ctx);
        else {
          if (flushTimer) clearTimeout(flushTimer);
          flushTimer = setTimeout(() => flush(ctx), PROGRESS_FLUSH_MS);
          flushTimer.unref?.();
          drawLive(ctx);
        }
      }
    },
    onReport(report, ctx) {
      flush(ctx);
      clearLive(ctx);
      ctx.out.write(renderConsoleSummary(report, pc.createColors(colorEnabled(ctx.out))));
      return [];
    },
  };
}

/** The console reporter of the CLI (one per process: it keeps the live line's state). */
export const consoleReporter: Reporter = createConsoleReporter();
