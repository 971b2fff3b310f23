import { describe, expect, test } from 'vitest';
import type { RequirementResult, SubjectError } from '../model/report-model.ts';
import { CapabilitiesSchema } from '../subjects/subject-spec.ts';
import { capabilityClaims, exitCodeOf, verdictOf } from './verdict.ts';

const req = (
  id: string,
  verdict: RequirementResult['verdict'],
  strength: 'MUST' | 'SHOULD' = 'MUST',
): RequirementResult => ({
  id,
  strength,
  text: id,
  source: 's',
  area: 'a',
  verdict,
  findings: [
    {
      scenario: 'sc',
      verdict,
      reason: verdict === 'skip' ? 'the subject does not claim tls' : 'r',
      evidence: [],
    },
  ],
});
const base = {
  subject: 'agent',
  level: 'core' as const,
  only: [],
  subjectErrors: [],
  errors: [],
  undecided: [],
};

describe('the overall verdict', () => {
  test('every MUST judged and passed: CERTIFIED, exit 0', () => {
    const v = verdictOf({
      ...base,
      requirements: [req('A', 'pass'), req('B', 'pass'), req('S', 'fail', 'SHOULD')],
    });
    expect(v.status).toBe('certified');
    expect(v.line).toBe('CERTIFIED: agent (level core) meets all 2 MUSTs');
    expect(exitCodeOf(v)).toBe(0);
  });

  test('a MUST skipped because a capability is not claimed is not a pass: PASSED (partial …), never CERTIFIED', () => {
    const v = verdictOf({ ...base, requirements: [req('A', 'pass'), req('TLS-X', 'skip')] });
    expect(v.status).toBe('partial');
    expect(v.line).toMatch(/^PASSED \(partial: 1 MUST not covered: TLS-X\)/);
    expect(v.line).not.toMatch(/^CERTIFIED/);
    expect(v.notCovered).toEqual([{ id: 'TLS-X', reason: 'the subject does not claim tls' }]);
  });

  test('a failed MUST: NOT CERTIFIED, exit 1', () => {
    const v = verdictOf({ ...base, requirements: [req('A', 'fail'), req('B', 'skip')] });
    expect(v.line).toMatch(/^NOT CERTIFIED: agent \(level core\): 1 MUST failed \(A\)/);
    expect(exitCodeOf(v)).toBe(1);
  });

  test('a subject error: ERROR, exit 3, whatever the MUSTs say', () => {
    const e: SubjectError = {
      scenario: 'plain-answer',
      kind: 'crashed',
      message: 'm',
      exitCode: 1,
      signal: null,
      stderrTail: '',
    };
    const v = verdictOf({ ...base, requirements: [req('A', 'fail')], subjectErrors: [e] });
    expect(v.status).toBe('error');
    expect(v.line).toMatch(
      /^ERROR: agent \(level core\): the subject crashed in 1 scenario\(s\): plain-answer/,
    );
    expect(exitCodeOf(v)).toBe(3);
  });

  test('claims are listed, and what is not claimed', () => {
    const c = capabilityClaims(CapabilitiesSchema.parse({}));
    expect(c.claimed).toEqual(['transport http/protobuf']);
    expect(c.notClaimed).toContain('tls');
    expect(c.notClaimed).toContain('decision approved/config');
  });
});
