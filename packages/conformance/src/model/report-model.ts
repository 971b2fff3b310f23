import type { Level } from '../catalog/model.ts';
import type { ExtraInfo } from '../checks/extras.ts';
import type { Evidence, Strength, Verdict } from '../requirements/model.ts';
import type { Suppression } from '../suppressions/suppressions.ts';
import type { CaptureVia } from './scenario-run.ts';

/** A requirement's verdict on one scenario. */
export interface Finding {
  scenario: string;
  verdict: Verdict | 'suppressed';
  reason: string;
  evidence: Evidence[];
  /** The suppression's reason, when suppressed. */
  suppressedBecause?: string;
  /** A skip because the capture could not observe what decides it (a MUST left so fails the run). */
  undecided?: boolean;
}

/** A requirement's overall result. */
export interface RequirementResult {
  id: string;
  strength: Strength;
  text: string;
  source: string;
  area: string;
  /** `fail` when any scenario fails; `suppressed` when every failure is a known deviation; `pass` when one passes; else `skip`. */
  verdict: Verdict | 'suppressed';
  findings: Finding[];
  /** Not failed, but at least one scenario could not decide it (see {@link Finding.undecided}). */
  undecided?: boolean;
}

/** One event of a scenario's timeline. */
export interface TimelineEntry {
  /** Milliseconds since the process started (from `event.timestamp`, else arrival). */
  atMs: number;
  name: string;
  /** A few key attributes for display. */
  summary: string;
  inCatalog: boolean;
}

/** A scenario's outcome. */
export interface ScenarioResult {
  id: string;
  title: string;
  state: 'ran' | 'skipped' | 'error';
  reason?: string;
  exitCode: number | null;
  durationMs: number;
  command: string[];
  modelRequests: string[];
  otlpRequests: number;
  logRecords: number;
  metricPoints: number;
  timeline: TimelineEntry[];
  /** Which capture path this scenario's telemetry took, and why. */
  capture: CaptureVia;
  stderrTail: string;
  /** Requirement ids that failed on this scenario. */
  failed: string[];
}

/** Counts by verdict. */
export interface Tally {
  pass: number;
  fail: number;
  skip: number;
  suppressed: number;
}

/** The whole certification: what every reporter renders. */
export interface CertificationReport {
  tool: { name: string; version: string };
  subject: { name: string; version?: string };
  level: Level;
  capture: 'embedded' | 'collector';
  /** The `--only` selection (requirement or scenario ids); empty for a full certification. */
  only: string[];
  startedAt: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  requirements: RequirementResult[];
  info: ExtraInfo;
  suppressions: { applied: Suppression[]; stale: Suppression[] };
  summary: { must: Tally; should: Tally };
  /** Harness problems (a scenario that could not run, a stale suppression). */
  errors: string[];
  /** MUST findings the capture could not decide, one line each (see {@link Finding.undecided}). */
  undecided: string[];
  /**
   * True when every MUST of the level passed (or is a known deviation), none was left undecided and
   * there are no errors.
   */
  passed: boolean;
}
