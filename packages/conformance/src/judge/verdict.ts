import type { Level } from '../catalog/model.ts';
import type { OverallVerdict, RequirementResult, SubjectError } from '../model/report-model.ts';
import type { SubjectCapabilities } from '../subjects/subject-spec.ts';

const TRANSPORTS = ['http/json', 'http/protobuf', 'grpc'] as const;
const DECISIONS = [
  'approved/config',
  'approved/user',
  'approved_for_session/user',
  'denied/user',
  'denied/config',
  'abort/user',
] as const;

/**
 * The capabilities a subject claims and those it does not, as short names (`transport grpc`, `tls`,
 * `mtls`, `header env substitution`, `metrics`, `shell tool`, `decision approved/user`, …).
 */
export function capabilityClaims(caps: SubjectCapabilities): { claimed: string[]; notClaimed: string[] } {
  const all: [string, boolean][] = [
    ...TRANSPORTS.map((t): [string, boolean] => [`transport ${t}`, caps.transports.includes(t)]),
    ['tls', caps.tls],
    ['mtls', caps.mtls],
    ['header env substitution', caps.headerEnvSubstitution],
    ['metrics', caps.metrics],
    ['stream retry', caps.streamRetry],
    ['shell tool', !!caps.shellTool],
    ...DECISIONS.map((d): [string, boolean] => [`decision ${d}`, !!caps.decisions[d]]),
  ];
  return {
    claimed: all.filter(([, c]) => c).map(([n]) => n),
    notClaimed: all.filter(([, c]) => !c).map(([n]) => n),
  };
}

/** What {@link verdictOf} decides from. */
export interface VerdictInput {
  subject: string;
  level: Level;
  only: string[];
  requirements: readonly RequirementResult[];
  subjectErrors: readonly SubjectError[];
  /** Harness errors and stale suppressions (subject errors excluded). */
  errors: readonly string[];
  undecided: readonly string[];
}

const list = (ids: string[], max = 6) =>
  ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;

/**
 * The overall verdict. A MUST that no scenario judged (skipped everywhere, e.g. because the subject does
 * not claim the capability its scenarios need) is never counted as passed: the verdict is then
 * `partial` and names what was not covered. `CERTIFIED` only when every MUST of the level passed.
 */
export function verdictOf(r: VerdictInput): OverallVerdict {
  const musts = r.requirements.filter((x) => x.strength === 'MUST');
  const notCovered = musts
    .filter((x) => x.verdict === 'skip' && !x.undecided)
    .map((x) => ({ id: x.id, reason: x.findings[0]?.reason ?? 'no scenario applies' }));
  const failed = musts.filter((x) => x.verdict === 'fail').map((x) => x.id);
  const who = `${r.subject} (level ${r.level})`;
  if (r.subjectErrors.length || r.errors.some((e) => e.startsWith('scenario '))) {
    const why: string[] = [];
    if (r.subjectErrors.length)
      why.push(
        `the subject ${[...new Set(r.subjectErrors.map((e) => e.kind))].join('/')} in ${r.subjectErrors.length} scenario(s): ${list(r.subjectErrors.map((e) => e.scenario))}`,
      );
    const harness = r.errors.filter((e) => e.startsWith('scenario ')).length;
    if (harness) why.push(`${harness} scenario(s) could not run`);
    return { status: 'error', line: `ERROR: ${who}: ${why.join('; ')}`, notCovered };
  }
  if (failed.length || r.undecided.length || r.errors.length) {
    const why: string[] = [];
    if (failed.length) why.push(`${failed.length} MUST failed (${list(failed)})`);
    if (r.undecided.length) why.push(`${r.undecided.length} MUST finding(s) could not be decided`);
    if (r.errors.length) why.push(`${r.errors.length} error(s)`);
    return { status: 'not-certified', line: `NOT CERTIFIED: ${who}: ${why.join(', ')}`, notCovered };
  }
  const judged = musts.length - notCovered.length;
  if (r.only.length || notCovered.length) {
    const parts: string[] = [];
    if (r.only.length) parts.push(`--only ${r.only.join(' ')}`);
    if (notCovered.length)
      parts.push(
        `${notCovered.length} MUST${notCovered.length === 1 ? '' : 's'} not covered: ${list(notCovered.map((x) => x.id))}`,
      );
    return {
      status: 'partial',
      line: `PASSED (partial: ${parts.join('; ')}): ${who} meets the ${judged} MUSTs judged; not certified`,
      notCovered,
    };
  }
  return {
    status: 'certified',
    line: `CERTIFIED: ${who} meets all ${judged} MUSTs`,
    notCovered,
  };
}

/** Exit status of a verdict: 0 certified or partial, 1 not certified, 3 error (2 is a usage error). */
export function exitCodeOf(v: OverallVerdict): number {
  return v.status === 'error' ? 3 : v.status === 'not-certified' ? 1 : 0;
}
