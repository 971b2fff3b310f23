import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CertifyResult } from '../../src/certify.ts';
import { evaluate } from '../../src/judge/evaluate.ts';
import type { RequirementResult } from '../../src/model/report-model.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { ResolvedSubject } from '../../src/runner/subject.ts';
import { CANARY } from '../../src/scenarios/catalog.ts';

/**
 * The results of a certification with the profile's own requirements: the report's, plus the
 * profile's requirements judged on the same runs when the report does not list them yet.
 */
export function withProfileRequirements(
  result: CertifyResult,
  profile: Profile,
  subject: ResolvedSubject,
): RequirementResult[] {
  const listed = new Set(result.report.requirements.map((r) => r.id));
  const missing = profile.requirements.filter((r) => !listed.has(r.id));
  const { results } = evaluate(missing, result.runs, {
    level: result.report.level,
    capabilities: subject.spec.capabilities,
    suppressions: [],
  });
  return [...result.report.requirements, ...results];
}

/** Every failing finding has a reason and evidence; a profile requirement's names the vendor document. */
export function expectEvidenceOnEveryFailure(results: RequirementResult[], profile: Profile): void {
  const own = new Set(profile.requirements.map((r) => r.id));
  for (const r of results)
    for (const f of r.findings.filter((x) => x.verdict === 'fail')) {
      expect(f.reason, `${r.id} @ ${f.scenario}`).not.toBe('');
      expect(f.evidence.length, `${r.id} @ ${f.scenario} has no evidence`).toBeGreaterThan(0);
      if (own.has(r.id))
        expect(
          f.evidence.some((e) => e.detail.includes(profile.catalogSource.document)),
          `${r.id} @ ${f.scenario}: evidence names ${profile.catalogSource.document}`,
        ).toBe(true);
    }
}

/** The report holds no canary (prompts are masked). */
export function expectNoCanary(result: CertifyResult): void {
  expect(JSON.stringify(result.report)).not.toContain(CANARY);
}

/**
 * A broken variant of a vendor agent: a shell wrapper that runs the real binary with `env` forced
 * (`export K=V` before `exec`), as a subject otherwise identical to `subject`.
 */
export async function wrappedSubject(
  subject: ResolvedSubject,
  env: Record<string, string>,
): Promise<{ subject: ResolvedSubject; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-broken-'));
  const wrapper = join(dir, 'wrapper.sh');
  const exports = Object.entries(env)
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('\n');
  await writeFile(wrapper, `#!/bin/sh\n${exports}\nexec '${subject.spec.command[0]}' "$@"\n`);
  await chmod(wrapper, 0o755);
  const spec = {
    ...subject.spec,
    name: `${subject.spec.name} (broken: ${Object.keys(env).join(', ')})`,
    command: [wrapper, ...subject.spec.command.slice(1)],
  };
  return { subject: { spec, baseDir: subject.baseDir }, dir };
}
