import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CLAUDE_CODE_MUTATION_RESULTS,
  currentMutationSection,
  renderMutationTable,
} from '../../scripts/mutation-table.ts';
import type { CertifyResult } from '../../src/certify.ts';
import { CLAUDE_CODE_PROFILE } from '../../src/profiles/claude-code/index.ts';
import { requirementsFor } from '../../src/requirements/requirements.ts';
import { mapLimit } from '../../src/runner/pool.ts';
import { CLAUDE_CODE_VARIANTS, certifyClaudeCodeLike, runClaudeCodeVariant } from './claude-code-variants.ts';
import type { VariantOutcome } from './run-variant.ts';

/**
 * The mutation suite of the claude-code profile: a fake Claude Code (fixtures/claude-code-like.ts, the
 * Messages API and the claude_code.* catalog through the OpenTelemetry JS SDK) certifies cleanly on
 * every scenario, and each of its variants fails its requirement and no unrelated MUST. The README
 * table between the `mutation-table:claude-code` markers must be current (`node
 * --conditions=@agentotel/source scripts/mutation-table.ts --profile claude-code` updates it).
 */
const pkg = resolve(import.meta.dirname, '../..');
const dir = join(tmpdir(), `agentotel-cc-mutations-${process.pid}`);
const REQS = requirementsFor(CLAUDE_CODE_PROFILE);
const outcomes = new Map<string, VariantOutcome>();
let control: CertifyResult | undefined;

beforeAll(async () => {
  // the control first (it fills Node's compile cache), then the variants three at a time
  control = await certifyClaudeCodeLike('', dir);
  for (const o of await mapLimit(CLAUDE_CODE_VARIANTS, 3, (v) => runClaudeCodeVariant(v, dir)))
    outcomes.set(o.variant, o);
  const all = CLAUDE_CODE_VARIANTS.map((v) => outcomes.get(v.name)!);
  await mkdir(dirname(join(pkg, CLAUDE_CODE_MUTATION_RESULTS)), { recursive: true });
  await writeFile(join(pkg, CLAUDE_CODE_MUTATION_RESULTS), `${JSON.stringify(all, null, 2)}\n`);
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

test('the unmodified fake Claude Code certifies on every scenario of the claude-code profile', () => {
  const { report, exitCode } = control!;
  expect(report.errors).toEqual([]);
  expect(report.subjectErrors).toEqual([]);
  expect(report.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
  expect(exitCode).toBe(0);
  // judged, not skipped: the profile's own requirements decided on its runs
  const own = new Set(CLAUDE_CODE_PROFILE.requirements.map((r) => r.id));
  expect(report.requirements.filter((r) => own.has(r.id) && r.verdict === 'pass').length).toBeGreaterThan(14);
});

describe('every broken fake Claude Code is caught by the requirement it breaks, and by no unrelated MUST', () => {
  for (const v of CLAUDE_CODE_VARIANTS)
    (v.gap ? test.fails : test)(
      `${v.name} fails ${v.requirement}${v.gap ? ` (blind spot: ${v.gap})` : ''}`,
      () => {
        const o = outcomes.get(v.name)!;
        expect(o.errors).toEqual([]);
        expect({ target: o.target, reason: o.targetReason.length > 10 }).toEqual({
          target: 'fail',
          reason: true,
        });
        expect(o.otherMusts.filter((m) => !m.consequence)).toEqual([]);
        if (REQS.find((r) => r.id === v.requirement)?.strength === 'MUST') expect(o.exitCode).toBe(1);
      },
    );
});

test('every MUST of the claude-code profile the fake can be judged on is covered by a variant it catches', () => {
  const covered = new Set(CLAUDE_CODE_VARIANTS.filter((v) => !v.gap).map((v) => v.requirement));
  // TLS and mTLS are not claimed by the claude-code subject (nor by the fake): they are never judged
  const unclaimed = ['TLS-ENDPOINT-DELIVERS', 'TLS-NO-PLAINTEXT', 'MTLS-CLIENT-CERTIFICATE'];
  const uncovered = REQS.filter(
    (r) => r.strength === 'MUST' && !covered.has(r.id) && !unclaimed.includes(r.id),
  ).map((r) => r.id);
  expect(uncovered).toEqual([]);
});

test('the README table of the claude-code profile is current (scripts/mutation-table.ts --profile claude-code)', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const table = renderMutationTable(
    CLAUDE_CODE_VARIANTS.map((v) => outcomes.get(v.name)!),
    REQS,
    'claude-code',
  );
  expect(currentMutationSection(readme, 'claude-code')).toBe(table.trim());
});
