import { z } from 'zod';
import type { CertificationReport } from './report-model.ts';

const Verdict = z.enum(['pass', 'fail', 'skip', 'suppressed']);
const Strength = z.enum(['MUST', 'SHOULD']);
const Evidence = z.object({ label: z.string(), detail: z.string() });

const Finding = z.object({
  scenario: z.string(),
  verdict: Verdict,
  reason: z.string(),
  evidence: z.array(Evidence),
  suppressedBecause: z.string().optional(),
  undecided: z.boolean().optional(),
});

const RequirementResult = z.object({
  id: z.string(),
  strength: Strength,
  text: z.string(),
  source: z.string(),
  area: z.string(),
  verdict: Verdict,
  findings: z.array(Finding),
  undecided: z.boolean().optional(),
});

const TimelineEntry = z.object({
  atMs: z.number(),
  name: z.string(),
  summary: z.string(),
  inCatalog: z.boolean(),
  seq: z.number().int().optional(),
  offending: z.array(z.string()).optional(),
});

const CaptureVia = z.object({
  path: z.enum(['collector', 'embedded-receiver', 'connection-probe', 'none']),
  reason: z.string(),
});

const ScenarioResult = z.object({
  id: z.string(),
  title: z.string(),
  state: z.enum(['ran', 'skipped', 'error']),
  reason: z.string().optional(),
  exitCode: z.number().int().nullable(),
  durationMs: z.number(),
  command: z.array(z.string()),
  modelRequests: z.array(z.string()),
  otlpRequests: z.number().int(),
  logRecords: z.number().int(),
  metricPoints: z.number().int(),
  timeline: z.array(TimelineEntry),
  capture: CaptureVia,
  stderrTail: z.string().max(8 * 1024 + 100),
  failed: z.array(z.string()),
});

const Tally = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  skip: z.number().int(),
  suppressed: z.number().int(),
});

const SubjectError = z.object({
  scenario: z.string(),
  kind: z.enum(['not-started', 'crashed', 'timed-out']),
  message: z.string(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  stderrTail: z.string(),
});

const Suppression = z.object({
  requirement: z.string(),
  scenario: z.string().optional(),
  reason: z.string(),
});

/**
 * The report format of `certification.json` as a zod schema: the source of the published JSON Schema
 * (`schema/certification.schema.json`, via `z.toJSONSchema`). A compile-time check below keeps it
 * equal to the {@link CertificationReport} type the code uses.
 */
export const CertificationReportSchema = z
  .object({
    $schema: z.string().optional(),
    formatVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
    tool: z.object({ name: z.string(), version: z.string() }),
    subject: z.object({
      name: z.string(),
      version: z.string().optional(),
      claimed: z.array(z.string()),
      notClaimed: z.array(z.string()),
      profile: z.string().optional(),
      catalog: z.object({ document: z.string(), url: z.string().optional(), version: z.string() }).optional(),
    }),
    verdict: z.object({
      status: z.enum(['certified', 'partial', 'not-certified', 'error']),
      line: z.string(),
      notCovered: z.array(z.object({ id: z.string(), reason: z.string() })),
    }),
    subjectErrors: z.array(SubjectError),
    level: z.enum(['core', 'strict']),
    capture: z.enum(['embedded', 'collector']),
    only: z.array(z.string()),
    startedAt: z.iso.datetime(),
    durationMs: z.number(),
    scenarios: z.array(ScenarioResult),
    requirements: z.array(RequirementResult),
    info: z.object({
      events: z.record(z.string(), z.number()),
      attributes: z.record(z.string(), z.array(z.string())),
      resourceAttributes: z.array(z.string()),
    }),
    suppressions: z.object({ applied: z.array(Suppression), stale: z.array(Suppression) }),
    summary: z.object({ must: Tally, should: Tally }),
    errors: z.array(z.string()),
    undecided: z.array(z.string()),
    passed: z.boolean(),
  })
  .meta({
    title: 'agentotel certification report',
    description: 'certification.json written by `agentotel certify` (@agentotel/conformance).',
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the zod schema and the report type drift apart. */
const _sameShape: Same<z.infer<typeof CertificationReportSchema>, CertificationReport> = true;
void _sameShape;

/** The JSON Schema (draft 2020-12) of `certification.json`. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CertificationReportSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
