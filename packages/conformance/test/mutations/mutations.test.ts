import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  currentMutationSection,
  MUTATION_RESULTS,
  renderMutationTable,
} from '../../scripts/mutation-table.ts';
import { REQUIREMENTS } from '../../src/requirements/requirements.ts';
import { mapLimit } from '../../src/runner/pool.ts';
import { runVariant, type VariantOutcome } from './run-variant.ts';
import { VARIANTS } from './variants.ts';

/**
 * The mutation suite: every variant of agentotel-exec (./variants.ts) is certified on the scenarios its
 * requirement needs; its requirement must fail, and no other MUST (unless the evidence names it as a
 * consequence of the same fault). The outcomes are written to reports/mutations/mutations.json and
 * the README table rendered from them must be current (`node --conditions=@agentotel/source
 * scripts/mutation-table.ts` updates it).
 */
const pkg = resolve(import.meta.dirname, '../..');
const dir = join(tmpdir(), `agentotel-mutations-${process.pid}`);
/** Variants certified at once; each runs its scenarios two at a time. */
const VARIANTS_AT_ONCE = 3;
const outcomes = new Map<string, VariantOutcome>();

beforeAll(async () => {
  // the first variant alone fills the shared compile cache, so the others start warm
  const [first, ...rest] = VARIANTS;
  outcomes.set(first!.name, await runVariant(first!, dir));
  const done = await mapLimit(rest, VARIANTS_AT_ONCE, (v) => runVariant(v, dir));
  for (const o of done) outcomes.set(o.variant, o);
  const all = VARIANTS.map((v) => outcomes.get(v.name)!);
  await mkdir(dirname(join(pkg, MUTATION_RESULTS)), { recursive: true });
  await writeFile(join(pkg, MUTATION_RESULTS), `${JSON.stringify(all, null, 2)}\n`);
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('every broken variant is caught by the requirement it breaks, and by no unrelated MUST', () => {
  // a known blind spot (`gap`) is expected to be missed: the test goes red once a check catches it
  for (const v of VARIANTS)
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
        const strength = REQUIREMENTS.find((r) => r.id === v.requirement)?.strength;
        if (strength === 'MUST') expect(o.exitCode).toBe(1);
      },
    );
});

test('every MUST of the codex profile is covered by a variant it catches', () => {
  const covered = new Set(VARIANTS.filter((v) => !v.gap).map((v) => v.requirement));
  const uncovered = REQUIREMENTS.filter((r) => r.strength === 'MUST' && !covered.has(r.id)).map((r) => r.id);
  expect(uncovered).toEqual([]);
});

test('the README table is current (node --conditions=@agentotel/source scripts/mutation-table.ts)', () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const table = renderMutationTable(VARIANTS.map((v) => outcomes.get(v.name)!));
  expect(currentMutationSection(readme)).toBe(table.trim());
});
