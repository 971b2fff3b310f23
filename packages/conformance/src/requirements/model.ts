import type { Level } from '../catalog/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import type { RequirementMapping } from '../profiles/profile.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { SubjectCapabilities } from '../subjects/subject-spec.ts';

/** The outcome of one requirement on one scenario (or across scenarios). */
export type Verdict = 'pass' | 'fail' | 'skip';

/** One piece of evidence: a record, its absence, or a fact of the run. */
export interface Evidence {
  /** Short label, e.g. `codex.user_prompt #3` or `exit status`. */
  label: string;
  /** The record or fact as compact text (secrets masked at report time). */
  detail: string;
}

/** What a check returns for one scenario. */
export interface Judgement {
  verdict: Verdict;
  reason: string;
  evidence?: Evidence[];
  /**
   * A `skip` because the harness could not observe what decides it (not because it does not apply): a
   * MUST left undecided this way makes the certification fail, with this reason.
   */
  undecided?: boolean;
}

/** What checks may read besides the run. */
export interface CheckContext {
  level: Level;
  capabilities: SubjectCapabilities;
  /** Every run of this certification (for cross-run checks). */
  runs: readonly ScenarioRun[];
}

/** MUST fails the certification; SHOULD is reported but never changes the exit status. */
export type Strength = 'MUST' | 'SHOULD';

/**
 * A requirement with a stable id, its text, strength and source, the scenarios it judges and the check
 * that decides it.
 */
export interface Requirement {
  /** Stable id, e.g. `USER-PROMPT-REDACTED-BY-DEFAULT`. */
  id: string;
  strength: Strength;
  /** What must hold, as one sentence. */
  text: string;
  /** Where it comes from: a docs/catalog/codex.md section or a seed document. */
  source: string;
  /** The catalog area (one checks/ file each). */
  area: string;
  /** Levels it applies to. @defaultValue both */
  levels?: Level[];
  /** Which scenarios it judges. */
  appliesTo(scenario: Scenario): boolean;
  /**
   * For a shared requirement: whether a profile's mapping has what it reads (e.g. a tool decision
   * event); a profile without it does not get the requirement. @defaultValue always
   */
  mapped?(mapping: RequirementMapping): boolean;
  /**
   * Whether it needs the scenario's telemetry: when a scenario that should have exported captured no
   * catalog event at all, such checks skip (the flush/delivery requirement fails instead).
   * @defaultValue true
   */
  needsTelemetry?: boolean;
  /**
   * The catalog events whose presence (count, join) it judges, by name or by mapping role
   * (`presenceOf('apiRequest')` = `@apiRequest`, whatever the catalog calls the event). On a scenario whose delivery is incomplete
   * (see `src/checks/delivery.ts`), it skips when records of one of these events were lost, since the
   * delivery requirement (`FLUSH-ON-EXIT-*`) judges that fault. Requirements without it judge the records
   * that did arrive (their attribute types, their order, privacy).
   */
  judgesPresenceOf?: readonly string[];
  /**
   * Whether it is decided by per-request facts (transport, content type, headers, TLS, client
   * certificate) that only the embedded receiver records. Scenarios it applies to are captured through
   * the embedded receiver even under `--collector`; where such facts are still missing it is undecided.
   * @defaultValue false
   */
  needsRequestFacts?: boolean;
  check(run: ScenarioRun, ctx: CheckContext): Judgement;
}

/** A pass. */
export const pass = (reason: string, evidence: Evidence[] = []): Judgement => ({
  verdict: 'pass',
  reason,
  evidence,
});
/** A failure with its evidence. */
export const fail = (reason: string, evidence: Evidence[] = []): Judgement => ({
  verdict: 'fail',
  reason,
  evidence,
});
/** Not decidable here, with why. */
export const skip = (reason: string, evidence: Evidence[] = []): Judgement => ({
  verdict: 'skip',
  reason,
  evidence,
});
/** Not decidable because the capture could not observe it: a MUST left so fails the certification. */
export const undecided = (reason: string, evidence: Evidence[] = []): Judgement => ({
  verdict: 'skip',
  reason,
  evidence,
  undecided: true,
});
