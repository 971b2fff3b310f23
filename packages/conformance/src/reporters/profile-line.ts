import type { CertificationReport } from '../model/report-model.ts';

/**
 * A catalog source as reporters print it, `document version` (the URL left out), e.g.
 * `@google/gemini-cli bundle/docs/cli/telemetry.md ("Observability with OpenTelemetry") 0.61.0`.
 */
export function catalogLine(catalog: NonNullable<CertificationReport['subject']['catalog']>): string {
  return `${catalog.document} ${catalog.version}`;
}
