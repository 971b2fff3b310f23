import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  currentMutationSection,
  GEMINI_CLI_MUTATION_RESULTS,
  renderMutationTable,
} from '../../scripts/mutation-table.ts';
import { certify } from '../../src/certify.ts';
import { GEMINI_CLI_PROFILE } from '../../src/profiles/gemini-cli/index.ts';
import { requirementsFor } from '../../src/requirements/requirements.ts';
import { mapLimit } from '../../src/runner/pool.ts';
import { writeGeminiFakeSubject } from './gemini-cli-subject.ts';
import { GEMINI_CLI_NOT_JUDGED, GEMINI_VARIANTS } from './gemini-cli-variants.ts';
import { runVariant, type VariantOutcome } from './run-variant.ts';

/**
 * The gemini-cli profile's mutation suite: the fake Gemini CLI (fixtures/gemini-cli-like.ts) certifies
 * unmodified (the control), and each of its variants (./gemini-cli-variants.ts) fails the requirement
 * it breaks and no other MUST (unless the evidence names it as a consequence of the same fault). The
 * outcomes are written to reports/mutations/gemini-cli.json; the README table rendered from them must
 * be current (`node --conditions=@agentotel/source scripts/mutation-table.ts --profile gemini-cli`).
 */
const pkg = resolve(import.meta.dirname, '../..');
const dir = join(tmpdir(), `agentotel-gemini-mutations-${process.pid}`);
const VARIANTS_AT_ONCE = 3;
const outcomes = new Map<string, VariantOutcome>();
let control: Awaited<ReturnType<typeof certify>> | undefined;
const write = (v: { name: string }, d: string) => writeGeminiFakeSubject(v.name, d);

beforeAll(async () => {
  // the control alone first: it fills the shared compile cache, so the variants start warm
  control = await certify({
    subject: await writeGeminiFakeSubject('none', dir),
    level: 'core',
    concurrency: 2,
  });
  const done = await mapLimit(GEMINI_VARIANTS, VARIANTS_AT_ONCE, (v) => runVariant(v, dir, 2, write));
  for (const o of done) outcomes.set(o.variant, o);
  await mkdir(dirname(join(pkg, GEMINI_CLI_MUTATION_RESULTS)), { recursive: true });
  await writeFile(join(pkg, GEMINI_CLI_MUTATION_RESULTS), `${JSON.stringify(done, null, 2)}\n`);
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

test('the unmodified fake Gemini CLI certifies against the gemini-cli profile (the control)', () => {
  const { report, exitCode } = control!;
  expect(report.subject.profile).toBe('gemini-cli');
  expect(report.errors).toEqual([]);
  expect(report.subjectErrors).toEqual([]);
  expect(report.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
  expect(exitCode).toBe(0);
  // the profile's own requirements were judged, not skipped
  const judged = (id: string) => report.requirements.find((r) => r.id === id)?.verdict;
  for (const id of [
    'GEMINI-CLI-API-EVENTS-PER-ATTEMPT',
    'GEMINI-CLI-TOKENS-MATCH-USAGE',
    'GEMINI-CLI-TOOL-CALL',
    'GEMINI-CLI-METRICS',
  ])
    expect(judged(id), id).toBe('pass');
});

describe('every broken variant of the fake Gemini CLI is caught by the requirement it breaks, and by no unrelated MUST', () => {
  for (const v of GEMINI_VARIANTS)
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
        const strength = requirementsFor(GEMINI_CLI_PROFILE).find((r) => r.id === v.requirement)?.strength;
        if (strength === 'MUST') expect(o.exitCode).toBe(1);
      },
    );
});

test('every MUST of the gemini-cli profile a gemini-cli subject is judged on is covered by a variant it catches', () => {
  const covered = new Set(GEMINI_VARIANTS.filter((v) => !v.gap).map((v) => v.requirement));
  const uncovered = requirementsFor(GEMINI_CLI_PROFILE)
    .filter((r) => r.strength === 'MUST' && !covered.has(r.id) && !GEMINI_CLI_NOT_JUDGED[r.id])
    .map((r) => r.id);
  expect(uncovered).toEqual([]);
  // what is listed as not judged is indeed not judged: the control skips it for an unclaimed capability
  for (const id of Object.keys(GEMINI_CLI_NOT_JUDGED)) {
    const r = control!.report.requirements.find((x) => x.id === id);
    expect(
      r?.findings.every((f) => f.verdict === 'skip'),
      id,
    ).toBe(true);
  }
});

test('the README table is current (node --conditions=@agentotel/source scripts/mutation-table.ts --profile gemini-cli)', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const table = renderMutationTable(
    GEMINI_VARIANTS.map((v) => outcomes.get(v.name)!),
    requirementsFor(GEMINI_CLI_PROFILE),
    'gemini-cli',
    GEMINI_CLI_NOT_JUDGED,
  );
  expect(currentMutationSection(readme, 'gemini-cli')).toBe(table.trim());
});
