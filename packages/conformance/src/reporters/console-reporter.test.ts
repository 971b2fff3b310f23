import { describe, expect, test } from 'vitest';
import type { CertificationReport } from '../model/report-model.ts';
import { verdictLine } from './console-reporter.ts';

const base = {
  subject: { name: 'agentotel-exec' },
  level: 'core',
  only: [],
  passed: true,
} as unknown as CertificationReport;

describe('verdictLine', () => {
  test('a full passing run certifies', () => {
    expect(verdictLine(base)).toBe('CERTIFIED: agentotel-exec meets every MUST of level core');
  });

  test('a passing --only run says it is partial and certifies nothing', () => {
    const line = verdictLine({ ...base, only: ['USER-PROMPT-REDACTED-BY-DEFAULT'] });
    expect(line).toMatch(/^PASSED \(partial: --only USER-PROMPT-REDACTED-BY-DEFAULT\)/);
    expect(line).not.toContain('CERTIFIED');
    expect(line).toContain('run without --only to certify');
  });
});
