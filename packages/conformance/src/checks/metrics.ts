import { textValue } from '../capture/any-value.ts';
import { CATALOG } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { fact } from './helpers.ts';

/** The catalog's metrics for a plain turn are exported: request, SSE and turn metrics. */
export function checkMetricsExported(run: ScenarioRun): Judgement {
  if (!run.telemetry.metrics) return skip('the subject does not claim metrics');
  const names = new Set(run.capture.metrics.map((m) => m.name));
  const expected = [
    'codex.api_request',
    'codex.api_request.duration_ms',
    'codex.sse_event',
    'codex.sse_event.duration_ms',
    'codex.turn.e2e_duration_ms',
  ];
  const missing = expected.filter((n) => !names.has(n));
  const ev = [fact('metric names', [...names])];
  if (missing.length) return fail(`missing metric(s): ${missing.join(', ')}`, ev);
  const badUnit = run.capture.metrics.filter(
    (m) => m.name.endsWith('_ms') && m.unit !== undefined && m.unit !== 'ms',
  );
  if (badUnit.length)
    return fail(
      `duration metrics with unit other than ms: ${[...new Set(badUnit.map((m) => `${m.name} (${m.unit})`))].join(', ')}`,
      ev,
    );
  return pass(`${names.size} metric(s) exported`, ev);
}

/** Metric tag values use only `[A-Za-z0-9._/-]`, and catalog metrics carry their tags. */
export function checkMetricTags(run: ScenarioRun): Judgement {
  if (!run.telemetry.metrics) return skip('the subject does not claim metrics');
  if (run.capture.metrics.length === 0) return fail('no metric point captured', []);
  const bad: string[] = [];
  for (const m of run.capture.metrics) {
    const spec = CATALOG.metrics.find((s) => s.name === m.name);
    if (!spec) continue;
    for (const [k, v] of Object.entries(m.attributes)) {
      const t = textValue(v) ?? '';
      if (!/^[A-Za-z0-9._/-]*$/.test(t)) bad.push(`${m.name} ${k}="${t}"`);
    }
    for (const tag of spec.tags) if (!(tag in m.attributes)) bad.push(`${m.name} lacks tag ${tag}`);
  }
  if (bad.length)
    return fail(`${bad.length} tag problem(s): ${[...new Set(bad)].slice(0, 5).join('; ')}`, []);
  return pass(`tags of ${run.capture.metrics.length} metric point(s) well formed`);
}
