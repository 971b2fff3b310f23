import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificationReport, ScenarioResult } from '../model/report-model.ts';
import type { Reporter } from './reporter.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLORS: Record<string, string> = {
  'codex.conversation_starts': '#6f42c1',
  'codex.user_prompt': '#0d6efd',
  'codex.api_request': '#fd7e14',
  'codex.sse_event': '#20c997',
  'codex.tool_decision': '#d63384',
  'codex.tool_result': '#dc3545',
};

/** Left edge of the plot (the event-name column is to its left) and the margin at its right, in px. */
const PLOT_LEFT = 160;
const PLOT_RIGHT_MARGIN = 24;

/**
 * The horizontal position `PLOT_LEFT + f * (W - PLOT_LEFT - PLOT_RIGHT_MARGIN)` for the SVG's rendered
 * width `W`, which is not known here (the SVG is `width="100%"`): a percentage `x` plus a px translate.
 */
function at(f: number, attr: 'x' | 'cx'): string {
  const px = PLOT_LEFT - f * (PLOT_LEFT + PLOT_RIGHT_MARGIN);
  return `${attr}="${(f * 100).toFixed(3)}%" transform="translate(${px.toFixed(1)} 0)"`;
}

/**
 * A scenario's timeline as an SVG that takes the full width of the page: one row per event, a dot at its
 * offset from the process start, the key attributes beside it (to the left of dots in the right half),
 * and an axis whose end labels are anchored inside the drawing so they are never clipped.
 */
function timelineSvg(s: ScenarioResult): string {
  if (s.timeline.length === 0) return '<p class="muted">no events captured</p>';
  const rowH = 18;
  const top = 36;
  const span = Math.max(s.durationMs, ...s.timeline.map((t) => t.atMs), 1);
  const frac = (ms: number) => Math.max(0, Math.min(1, ms / span));
  const rows = s.timeline
    .map((t, i) => {
      const y = top + i * rowH;
      const f = frac(t.atMs);
      const color = t.inCatalog ? (COLORS[t.name] ?? '#6c757d') : '#adb5bd';
      const text = `+${t.atMs}ms ${esc(t.summary.slice(0, 70))}`;
      const summary =
        f > 0.55
          ? `<text ${at(f, 'x')} dx="-9" y="${y + 4}" class="sum" text-anchor="end">${text}</text>`
          : `<text ${at(f, 'x')} dx="9" y="${y + 4}" class="sum">${text}</text>`;
      return `<g class="event" data-event="${esc(t.name)}"><text x="4" y="${y + 4}" class="lbl">${esc(t.name.replace('codex.', ''))}</text><circle ${at(f, 'cx')} cy="${y}" r="5" fill="${color}"><title>${esc(`${t.name} +${t.atMs}ms ${t.summary}`)}</title></circle>${summary}</g>`;
    })
    .join('');
  const h = top + s.timeline.length * rowH;
  // both ends of the axis line share one translate: x1 is shifted right by the margin it takes off x2
  const end = `transform="translate(${-PLOT_RIGHT_MARGIN} 0)"`;
  const axis =
    `<line x1="${PLOT_LEFT + PLOT_RIGHT_MARGIN}" y1="18" x2="100%" y2="18" ${end} stroke="#999"/>` +
    `<line x1="${PLOT_LEFT}" y1="14" x2="${PLOT_LEFT}" y2="22" stroke="#999"/>` +
    `<line x1="100%" y1="14" x2="100%" y2="22" ${end} stroke="#999"/>` +
    `<text ${at(0, 'x')} y="11" class="axis">0 ms</text>` +
    `<text ${at(1, 'x')} y="11" class="axis axis-end" text-anchor="end">${span} ms</text>`;
  return `<svg class="timeline" width="100%" height="${h}" role="img" aria-label="timeline of ${esc(s.id)}">${axis}${rows}</svg>`;
}

/** Renders the report as one self-contained HTML page (no external resources). */
export function renderHtml(report: CertificationReport): string {
  const reqRows = report.requirements
    .map((r) => {
      const bad = r.findings.filter((f) => f.verdict === 'fail' || f.verdict === 'suppressed' || f.undecided);
      const details = (bad.length ? bad : r.findings.slice(0, 1))
        .map(
          (f) =>
            `<li><b>${esc(f.scenario)}</b>: ${esc(f.reason)}${f.suppressedBecause ? ` <i>(known deviation: ${esc(f.suppressedBecause)})</i>` : ''}${
              f.evidence.length
                ? `<pre>${esc(
                    f.evidence
                      .slice(0, 3)
                      .map((e) => `${e.label}: ${e.detail}`)
                      .join('\n'),
                  )}</pre>`
                : ''
            }</li>`,
        )
        .join('');
      return `<tr class="v-${r.undecided ? 'fail' : r.verdict}"><td class="verdict">${r.undecided ? 'UNDECIDED' : r.verdict.toUpperCase()}</td><td>${r.strength}</td><td><code>${esc(r.id)}</code><div class="muted">${esc(r.text)}</div><div class="muted small">${esc(r.source)}</div></td><td><ul>${details}</ul></td></tr>`;
    })
    .join('\n');
  const scen = report.scenarios
    .map(
      (
        s,
      ) => `<section class="scenario" id="scenario-${esc(s.id)}"><h3>${esc(s.id)} <span class="muted">— ${esc(s.title)}</span> <span class="badge ${s.failed.length ? 'bad' : s.state === 'ran' ? 'good' : 'skip'}">${s.state === 'ran' ? (s.failed.length ? `fails ${s.failed.length}` : 'ok') : s.state}</span></h3>
<p class="muted">exit ${s.exitCode ?? '-'} · ${s.durationMs} ms · model requests: ${esc(s.modelRequests.join(' → ') || 'none')} · ${s.logRecords} log records · ${s.metricPoints} metric points${s.reason ? ` · ${esc(s.reason.split('\n')[0] ?? '')}` : ''}</p>
<p class="muted small capture" data-capture="${esc(s.capture.path)}">capture: <b>${esc(s.capture.path)}</b> — ${esc(s.capture.reason)}</p>
${s.failed.length ? `<p class="bad-text">failed: ${s.failed.map(esc).join(', ')}</p>` : ''}${timelineSvg(s)}</section>`,
    )
    .join('\n');
  const m = report.summary.must;
  const sh = report.summary.should;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>agentotel certification — ${esc(report.subject.name)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212529}h1{margin:0 0 4px}.muted{color:#6c757d}.small{font-size:12px}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #dee2e6;padding:6px;vertical-align:top}pre{white-space:pre-wrap;background:#f8f9fa;padding:4px;font-size:12px;margin:4px 0}
.v-pass .verdict{color:#198754}.v-fail .verdict{color:#dc3545;font-weight:bold}.v-skip .verdict{color:#6c757d}.v-suppressed .verdict{color:#b58900}
.badge{font-size:12px;padding:2px 6px;border-radius:8px;color:#fff}.good{background:#198754}.bad{background:#dc3545}.skip{background:#6c757d}.bad-text{color:#dc3545}
.timeline{display:block;width:100%}.timeline .lbl{font-size:11px;fill:#495057}.timeline .sum{font-size:10px;fill:#6c757d}.timeline .axis{font-size:10px;fill:#999}
.verdict-banner{padding:8px 12px;border-radius:6px;margin:12px 0;font-weight:bold}.ok{background:#d1e7dd}.no{background:#f8d7da}
</style></head><body>
<h1>agentotel certification</h1>
<p class="muted">${esc(report.subject.name)}${report.subject.version ? ` ${esc(report.subject.version)}` : ''} · level <b>${report.level}</b> · capture ${report.capture} · ${esc(report.startedAt)} · ${report.durationMs} ms · ${esc(report.tool.name)} ${esc(report.tool.version)}</p>
<div class="verdict-banner ${report.passed ? 'ok' : 'no'}" id="verdict">${report.passed ? (report.only.length ? `PASSED (partial: --only ${esc(report.only.join(' '))})` : 'CERTIFIED') : 'NOT CERTIFIED'} — MUST: ${m.pass} pass, ${m.fail} fail, ${m.skip} skip, ${m.suppressed} known · SHOULD: ${sh.pass} pass, ${sh.fail} fail, ${sh.skip} skip</div>
${report.errors.length ? `<ul class="bad-text">${report.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}
${report.undecided.length ? `<ul class="bad-text" id="undecided">${report.undecided.map((u) => `<li>undecided MUST: ${esc(u)}</li>`).join('')}</ul>` : ''}
<h2>Timeline of each scenario</h2>
${scen}
<h2>Requirements</h2>
<table><tbody>
${reqRows}
</tbody></table>
<h2>Information</h2>
<pre>${esc(JSON.stringify(report.info, null, 2))}</pre>
</body></html>
`;
}

/** Writes `certification.html`, self-contained, with a timeline of each scenario's events. */
export const htmlReporter: Reporter = {
  async onReport(report, ctx) {
    await mkdir(ctx.reportDir, { recursive: true });
    const file = join(ctx.reportDir, 'certification.html');
    await writeFile(file, renderHtml(report));
    return [file];
  },
};
