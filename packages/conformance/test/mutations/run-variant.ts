import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { certify } from '../../src/certify.ts';
import { execStyleSpec } from '../../src/subjects/builtin.ts';
import { assertBuilt } from '../certify/fixture-subjects.ts';
import type { Variant } from './variants.ts';

/** What certify said about one variant, reduced to what the suite judges and the README shows. */
export interface VariantOutcome {
  variant: string;
  requirement: string;
  bug: string;
  level: 'core' | 'strict';
  scenarios: string[];
  /** The verdict of the target requirement. */
  target: string;
  /** The reason of the target's first failing finding (masked as in every report). */
  targetReason: string;
  /** MUSTs other than the target that failed, with the reason of their first failing finding. */
  otherMusts: { id: string; reason: string; consequence: boolean }[];
  /** SHOULDs other than the target that failed. */
  otherShoulds: string[];
  exitCode: number;
  errors: string[];
  /** The target failed, and every other failed MUST is a consequence its evidence names. */
  caught: boolean;
  /** The blind spot the variant shows, while certify misses it (see `Variant.gap`). */
  gap?: string;
}

const MUTANT = resolve(import.meta.dirname, 'fixtures/mutant.ts');

/**
 * Writes the `subject.yaml` of a variant into `dir`: agentotel-exec's spec with the mutant fixture as
 * command, the mutation named in `AGENTOTEL_MUTATION`, and Node's compile cache shared by every variant.
 * The mutant runs against the built `@agentotel/exec` and `@agentotel/otel` (their `dist`, the SDK
 * pre-bundled), as the broken variants of `test/certify` do.
 *
 * @throws Error when the dist is missing (`pnpm build`; `pnpm test` builds it first).
 */
export async function writeMutantSubject(variant: Variant, dir: string): Promise<string> {
  assertBuilt();
  const base = execStyleSpec(`mutant:${variant.name}`, ['node', '--no-warnings', MUTANT]);
  const spec = {
    ...base,
    env: { ...base.env, AGENTOTEL_MUTATION: variant.name, NODE_COMPILE_CACHE: join(dir, 'compile-cache') },
  };
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${variant.name}.yaml`);
  await writeFile(file, stringify(spec));
  return file;
}

/**
 * Certifies one variant on its scenarios (every requirement judged on them) and reduces the report.
 * `writeSubject` writes the variant's `subject.yaml` (default: agentotel-exec's mutant).
 */
export async function runVariant(
  variant: Omit<Variant, 'mutation'>,
  dir: string,
  concurrency = 2,
  writeSubject: (v: Omit<Variant, 'mutation'>, dir: string) => Promise<string> = (v, d) =>
    writeMutantSubject(v as Variant, d),
): Promise<VariantOutcome> {
  const subject = await writeSubject(variant, dir);
  const level = variant.level ?? 'core';
  const { report, exitCode } = await certify({ subject, level, only: variant.scenarios, concurrency });
  const firstFail = (id: string) =>
    report.requirements.find((r) => r.id === id)?.findings.find((f) => f.verdict === 'fail');
  const target = report.requirements.find((r) => r.id === variant.requirement);
  const failed = report.requirements.filter((r) => r.verdict === 'fail' && r.id !== variant.requirement);
  const otherMusts = failed
    .filter((r) => r.strength === 'MUST')
    .map((r) => {
      const f = firstFail(r.id);
      const text = f ? `${f.reason} ${JSON.stringify(f.evidence)}` : '';
      const pattern = variant.consequences?.[r.id];
      return { id: r.id, reason: f?.reason ?? '', consequence: !!pattern && pattern.test(text) };
    });
  const outcome: VariantOutcome = {
    variant: variant.name,
    requirement: variant.requirement,
    bug: variant.bug,
    level,
    scenarios: variant.scenarios,
    target: target?.verdict ?? 'absent',
    targetReason: firstFail(variant.requirement)?.reason ?? '',
    otherMusts,
    otherShoulds: failed.filter((r) => r.strength === 'SHOULD').map((r) => r.id),
    exitCode,
    errors: [...report.errors, ...report.subjectErrors.map((e) => `${e.scenario}: ${e.kind}`)],
    caught: false,
    ...(variant.gap ? { gap: variant.gap } : {}),
  };
  outcome.caught =
    outcome.target === 'fail' && outcome.errors.length === 0 && otherMusts.every((o) => o.consequence);
  return outcome;
}
