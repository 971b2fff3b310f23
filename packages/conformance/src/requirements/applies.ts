// Which scenarios a requirement judges, and the source labels requirements cite.
import type { Scenario } from '../scenarios/model.ts';

/** The scenario exports to a live receiver. */
export const exporting = (s: Scenario) => s.telemetry.exporter === 'otlp' && s.telemetry.receiver !== 'down';
/** The scenario's turn is expected to complete. */
export const succeeds = (s: Scenario) => s.expect.outcome === 'success';
/** The scenario carries tag `t`. */
export const tagged = (t: Scenario['tags'][number]) => (s: Scenario) => s.tags.includes(t);
/** The scenario is one of `list`. */
export const ids =
  (...list: string[]) =>
  (s: Scenario) =>
    list.includes(s.id);
/** The scenario exports to a live receiver and its turn completes. */
export const completes = (s: Scenario) => exporting(s) && succeeds(s);

/**
 * The requirement that judges delivery on an exporting scenario (`FLUSH-ON-EXIT-SUCCESS` on a turn that
 * completes, `FLUSH-ON-EXIT-FAILURE` on every other exit path), or undefined when it does not export
 * (or is the PEM-format scenario).
 */
export function deliveryRequirementId(s: Scenario): string | undefined {
  // the PEM-format scenario is judged only by its SHOULD (MTLS-PEM-WITHOUT-FINAL-NEWLINE), never by a MUST
  if (!exporting(s) || s.tags.includes('pem-format')) return undefined;
  return succeeds(s) ? 'FLUSH-ON-EXIT-SUCCESS' : 'FLUSH-ON-EXIT-FAILURE';
}

/** Source sections of the Codex catalog (docs/catalog/codex.md) and the seed documents. */
export const S1 = 'docs/catalog/codex.md §1 (wire model)';
export const S2 = 'docs/catalog/codex.md §2 (common metadata)';
export const S3 = 'docs/catalog/codex.md §3 (events)';
export const S4 = 'docs/catalog/codex.md §4 (metrics)';
export const S5 = 'docs/catalog/codex.md §5 ([otel] table)';
export const SEED = 'docs/catalog/codex.md §7 (seed 001, OpenTelemetry events #2103)';
