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
  /** The record's `seq` (arrival order in the scenario), as evidence labels cite it (`name #seq`). */
  seq?: number;
  /** Requirements whose failing evidence on this scenario cites this record. */
  offending?: string[];
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
  /** The end of the subject's stderr: at most 50 lines and 8 KiB (see `stderrTail` in judge/subject-errors.ts). */
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

/**
 * A run in which the subject itself failed (an error of the subject, not a telemetry failure): it could
 * not start, crashed, or did not exit within its timeout. The run's requirements are not judged.
 */
export interface SubjectError {
  scenario: string;
  kind: 'not-started' | 'crashed' | 'timed-out';
  /** One line: what happened, e.g. `could not start ./agent: spawn ./agent ENOENT`. */
  message: string;
  exitCode: number | null;
  signal: string | null;
  /** The end of its stderr: at most 50 lines and 8 KiB. */
  stderrTail: string;
}

/**
 * The overall verdict.
 * - `certified`: every MUST of the level was judged on at least one scenario and passed.
 * - `partial`: every MUST that was judged passed, but some were not covered (an `--only` selection,
 *   or capabilities the subject does not claim): it certifies only what it names.
 * - `not-certified`: a MUST failed, was left undecided, or a suppression is stale.
 * - `error`: the subject could not start, crashed or timed out, or the harness could not run a scenario.
 */
export interface OverallVerdict {
  status: 'certified' | 'partial' | 'not-certified' | 'error';
  /** The one line every reporter prints, e.g. `PASSED (partial: 10 MUSTs not covered: …): …`. */
  line: string;
  /** MUST ids of the level that no scenario judged (each skipped everywhere), with the first reason. */
  notCovered: { id: string; reason: string }[];
}

/** Version of the JSON report format; bumped on any incompatible change. */
export const REPORT_FORMAT_VERSION = '2.0.0';

/** The whole certification: what every reporter renders. */
export interface CertificationReport {
  /** The JSON Schema of this format (`$schema` of `certification.json`). */
  $schema?: string;
  /** {@link REPORT_FORMAT_VERSION} of the tool that wrote it. */
  formatVersion: string;
  tool: { name: string; version: string };
  subject: {
    name: string;
    version?: string;
    /** What the subject claimed (subject.yaml `capabilities`), e.g. `transport http/json`, `tls`, `decision approved/user`. */
    claimed: string[];
    /** Capabilities it did not claim: the scenarios that need them were skipped. */
    notClaimed: string[];
    /** The profile (agent family) that judged it, e.g. `codex`. */
    profile?: string;
    /** The catalog it was judged against: the vendor's document and the agent version it describes. */
    catalog?: { document: string; url?: string; version: string };
  };
  verdict: OverallVerdict;
  subjectErrors: SubjectError[];
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
   * True when every judged MUST of the level passed (or is a known deviation), none was left undecided
   * and there are no errors: `verdict.status` is `certified` or `partial`.
   */
  passed: boolean;
}
