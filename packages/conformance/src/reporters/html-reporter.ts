import type {
  CertificationReport,
  Finding,
  RequirementResult,
  ScenarioResult,
} from '../model/report-model.ts';
import { catalogLine } from './profile-line.ts';
import type { Reporter } from './reporter.ts';
import { writeReportFile } from './write-report.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The profile and the catalog (linked when it has a URL) that judged the subject, or nothing. */
function profileP(subject: CertificationReport['subject']): string {
  if (!subject.profile && !subject.catalog) return '';
  const catalog = subject.catalog
    ? ` · <b>Catalog:</b> ${subject.catalog.url ? `<a href="${esc(subject.catalog.url)}">${esc(catalogLine(subject.catalog))}</a>` : esc(catalogLine(subject.catalog))}`
    : '';
  return `<p id="profile"><b>Profile:</b> ${esc(subject.profile ?? '–')}${catalog}</p>`;
}

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
      const bad = t.offending?.length ? ` data-offending="${esc(t.offending.join(' '))}"` : '';
      const ring = t.offending?.length
        ? `<circle ${at(f, 'cx')} cy="${y}" r="9" class="ring"><title>${esc(`cited by ${t.offending.join(', ')}`)}</title></circle>`
        : '';
      const text = `+${t.atMs}ms ${esc(t.summary.slice(0, 70))}`;
      const summary =
        f > 0.55
          ? `<text ${at(f, 'x')} dx="-9" y="${y + 4}" class="sum" text-anchor="end">${text}</text>`
          : `<text ${at(f, 'x')} dx="9" y="${y + 4}" class="sum">${text}</text>`;
      return `<g class="event${bad ? ' offending' : ''}" data-event="${esc(t.name)}"${bad}><text x="4" y="${y + 4}" class="lbl">${bad ? '⚠ ' : ''}${esc(t.name.replace('codex.', ''))}</text>${ring}<circle ${at(f, 'cx')} cy="${y}" r="5" fill="${color}"><title>${esc(`${t.name} +${t.atMs}ms ${t.summary}`)}</title></circle>${summary}</g>`;
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

const evidenceText = (f: Finding) => f.evidence.map((e) => `${e.label}: ${e.detail}`).join('\n');

function findingItem(f: Finding): string {
  return `<li><a href="#scenario-${esc(f.scenario)}"><b>${esc(f.scenario)}</b></a>: ${f.undecided ? 'undecided: ' : ''}${esc(f.reason)}${
    f.suppressedBecause ? ` <i>(known deviation: ${esc(f.suppressedBecause)})</i>` : ''
  }${f.evidence.length ? `<pre class="evidence">${esc(evidenceText(f))}</pre>` : ''}</li>`;
}

/** A failed (or undecided) requirement as a card: MUST cards red, SHOULD cards amber. */
function failureCard(r: RequirementResult): string {
  const bad = r.findings.filter((f) => f.verdict === 'fail' || f.undecided);
  const kind = r.strength === 'MUST' ? 'must' : 'should';
  return `<article class="failure ${kind}" id="failure-${esc(r.id)}" data-strength="${r.strength}"><h3><span class="tag ${kind}">${r.strength}</span> <code>${esc(r.id)}</code> ${r.undecided ? '<span class="tag must">UNDECIDED</span>' : ''}</h3>
<p>${esc(r.text)} <span class="muted small">(${esc(r.source)})</span></p><ul>${bad.map(findingItem).join('')}</ul></article>`;
}

function scenarioSection(
  s: ScenarioResult,
  err: CertificationReport['subjectErrors'][number] | undefined,
): string {
  const status = err
    ? `<span class="badge bad">${esc(err.kind)}</span>`
    : `<span class="badge ${s.failed.length ? 'bad' : s.state === 'ran' ? 'good' : 'skip'}">${s.state === 'ran' ? (s.failed.length ? `fails ${s.failed.length}` : 'ok') : s.state}</span>`;
  const open = s.failed.length || err || s.state === 'error' ? ' open' : '';
  return `<section class="scenario" id="scenario-${esc(s.id)}"><details${open}><summary><b>${esc(s.id)}</b> ${status} <span class="muted">— ${esc(s.title)}</span></summary>
<p class="muted">exit ${s.exitCode ?? '-'} · ${s.durationMs} ms · model requests: ${esc(s.modelRequests.join(' → ') || 'none')} · ${s.logRecords} log records · ${s.metricPoints} metric points${s.reason ? ` · ${esc(s.reason.split('\n')[0] ?? '')}` : ''}</p>
<p class="muted small capture" data-capture="${esc(s.capture.path)}">capture: <b>${esc(s.capture.path)}</b> — ${esc(s.capture.reason)}</p>
${s.failed.length ? `<p class="bad-text">failed: ${s.failed.map((id) => `<a href="#failure-${esc(id)}">${esc(id)}</a>`).join(', ')}</p>` : ''}${timelineSvg(s)}
${s.stderrTail ? `<details class="stderr"><summary class="small">stderr (last lines)</summary><pre>${esc(s.stderrTail)}</pre></details>` : ''}</details></section>`;
}

const STATUS_CLASS = { certified: 'ok', partial: 'partial', 'not-certified': 'no', error: 'no' } as const;

/**
 * Renders the report as one self-contained HTML page (no external resources), in reading order: the
 * verdict; what the subject claimed; subject errors with their stderr; failures, MUST before SHOULD
 * (MUST cards red, SHOULD cards amber); the MUSTs not covered; every requirement; then each scenario
 * as a collapsible `<details>` (open when it failed) with its timeline, the records cited by failing
 * evidence ringed and marked ⚠. Long evidence wraps: nothing overflows sideways.
 */
export function renderHtml(report: CertificationReport): string {
  const m = report.summary.must;
  const sh = report.summary.should;
  const failed = report.requirements.filter((r) => r.verdict === 'fail' || r.undecided);
  const mustFailed = failed.filter((r) => r.strength === 'MUST');
  const shouldFailed = failed.filter((r) => r.strength === 'SHOULD');
  const errOf = new Map(report.subjectErrors.map((e) => [e.scenario, e]));
  const reqRows = report.requirements
    .map((r) => {
      const v = r.undecided
        ? 'undecided'
        : r.verdict === 'skip' && r.strength === 'MUST'
          ? 'not covered'
          : r.verdict;
      const first = r.findings.find((f) => f.verdict === r.verdict) ?? r.findings[0];
      return `<tr class="v-${r.undecided ? 'fail' : r.verdict}"><td class="verdict">${esc(v.toUpperCase())}</td><td>${r.strength}</td><td><code>${esc(r.id)}</code><div class="muted">${esc(r.text)}</div></td><td class="small">${first ? `${esc(first.scenario)}: ${esc(first.reason)}` : 'no scenario applies'}${r.findings.length > 1 ? ` <span class="muted">(+${r.findings.length - 1} scenarios)</span>` : ''}</td></tr>`;
    })
    .join('\n');
  const subjectErrors = report.subjectErrors.length
    ? `<section id="subject-errors"><h2>Subject errors</h2><p>The subject itself failed in these scenarios (an error of the subject, not of its telemetry); their requirements were not judged.</p>${report.subjectErrors
        .map(
          (e) =>
            `<article class="failure must"><h3><span class="tag must">${esc(e.kind)}</span> <a href="#scenario-${esc(e.scenario)}">${esc(e.scenario)}</a></h3><p>${esc(e.message)}</p><pre class="stderr">${esc(e.stderrTail || '(stderr empty)')}</pre></article>`,
        )
        .join('')}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>agentotel certification — ${esc(report.subject.name)}</title>
<style>
*{box-sizing:border-box}body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212529;overflow-wrap:anywhere}h1{margin:0 0 4px}.muted{color:#6c757d}.small{font-size:12px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td{border-top:1px solid #dee2e6;padding:6px;vertical-align:top}td:nth-child(1){width:7em}td:nth-child(2){width:5em}td:nth-child(3){width:40%}
pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:#f8f9fa;padding:4px;font-size:12px;margin:4px 0;max-width:100%}code{overflow-wrap:anywhere}
.v-pass .verdict{color:#198754}.v-fail .verdict{color:#dc3545;font-weight:bold}.v-skip .verdict{color:#6c757d}.v-suppressed .verdict{color:#b58900}
.badge{font-size:12px;padding:2px 6px;border-radius:8px;color:#fff}.good{background:#198754}.bad{background:#dc3545}.skip{background:#6c757d}.bad-text{color:#dc3545}
.timeline{display:block;width:100%}.timeline .lbl{font-size:11px;fill:#495057}.timeline .sum{font-size:10px;fill:#6c757d}.timeline .axis{font-size:10px;fill:#999}
.timeline .offending .lbl,.timeline .offending .sum{fill:#dc3545;font-weight:bold}.timeline .ring{fill:none;stroke:#dc3545;stroke-width:2}
.verdict-banner{padding:10px 14px;border-radius:6px;margin:12px 0;font-weight:bold;font-size:16px}.ok{background:#d1e7dd}.no{background:#f8d7da}.partial{background:#fff3cd}
.failure{border-left:6px solid;padding:4px 12px;margin:8px 0;border-radius:4px}.failure h3{margin:4px 0;font-size:15px}
.failure.must{border-color:#dc3545;background:#fdf2f3}.failure.should{border-color:#e0a800;background:#fffbeb}
.tag{font-size:11px;padding:1px 6px;border-radius:4px;color:#fff;vertical-align:middle}.tag.must{background:#dc3545}.tag.should{background:#b58900}
details.scenario>summary,section.scenario>details>summary{cursor:pointer;font-size:15px;padding:4px 0}section.scenario{border-top:1px solid #dee2e6}
</style></head><body>
<div class="verdict-banner ${STATUS_CLASS[report.verdict.status]}" id="verdict" data-status="${report.verdict.status}">${esc(report.verdict.line)}<div class="small">MUST: ${m.pass} pass, ${m.fail} fail, ${m.skip} not covered, ${m.suppressed} known · SHOULD: ${sh.pass} pass, ${sh.fail} fail, ${sh.skip} skip</div></div>
<h1>agentotel certification</h1>
<p class="muted">${esc(report.subject.name)}${report.subject.version ? ` ${esc(report.subject.version)}` : ''} · level <b>${report.level}</b> · capture ${report.capture} · ${esc(report.startedAt)} · ${report.durationMs} ms · ${esc(report.tool.name)} ${esc(report.tool.version)}</p>
${profileP(report.subject)}<p id="claims"><b>Claims:</b> ${esc(report.subject.claimed.join(', ') || 'nothing')}${report.subject.notClaimed.length ? `<br><b>Does not claim:</b> ${esc(report.subject.notClaimed.join(', '))}` : ''}</p>
${subjectErrors}
${report.errors.length ? `<ul class="bad-text" id="errors">${report.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}
${report.undecided.length ? `<ul class="bad-text" id="undecided">${report.undecided.map((u) => `<li>undecided MUST: ${esc(u)}</li>`).join('')}</ul>` : ''}
${failed.length ? `<section id="failures"><h2>Failures</h2>${mustFailed.map(failureCard).join('\n')}${shouldFailed.map(failureCard).join('\n')}</section>` : ''}
${report.verdict.notCovered.length ? `<section id="not-covered"><h2>MUSTs not covered (${report.verdict.notCovered.length})</h2><ul>${report.verdict.notCovered.map((n) => `<li><code>${esc(n.id)}</code>: ${esc(n.reason)}</li>`).join('')}</ul></section>` : ''}
<h2>Requirements</h2>
<table id="requirements"><tbody>
${reqRows}
</tbody></table>
<h2>Scenarios</h2>
${report.scenarios.map((s) => scenarioSection(s, errOf.get(s.id))).join('\n')}
<h2>Information</h2>
<pre>${esc(JSON.stringify(report.info, null, 2))}</pre>
<script>addEventListener('hashchange',o);o();function o(){var e=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));if(e){var own=e.querySelector(':scope>details');if(own)own.open=true}var d=e&&e.closest('details');while(d){d.open=true;d=d.parentElement&&d.parentElement.closest('details')}if(e)e.scrollIntoView()}</script>
</body></html>
`;
}

/** Writes `certification.html`, self-contained (see {@link renderHtml}). */
export const htmlReporter: Reporter = {
  async onReport(report, ctx) {
    return [await writeReportFile(ctx, 'certification.html', renderHtml(report))];
  },
};
