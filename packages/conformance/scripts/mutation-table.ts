/**
 * Renders the mutation suite's results (`reports/mutations/mutations.json`, written by
 * `test/mutations/mutations.test.ts`) as the table of the conformance README, between the markers
 * `<!-- mutation-table:begin -->` and `<!-- mutation-table:end -->`.
 *
 * Usage: `node --conditions=@agentotel/source scripts/mutation-table.ts` (after the suite ran), or
 * `--check` to exit 1 when the README is not current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REQUIREMENTS } from '../src/requirements/requirements.ts';
import type { VariantOutcome } from '../test/mutations/run-variant.ts';

/** Where the suite writes its results, relative to the package. */
export const MUTATION_RESULTS = 'reports/mutations/mutations.json';
const BEGIN = '<!-- mutation-table:begin -->';
const END = '<!-- mutation-table:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * One line of verdict for a variant: what certify said on its target and on the other MUSTs. Other
 * SHOULDs that failed are left out (they are in the JSON results): they change no verdict, and some
 * vary from run to run (a metric SHOULD beside a variant that never flushes fails or passes as the
 * periodic metric export happened to fire before exit), which would make the table unstable.
 */
function verdictOf(o: VariantOutcome): string {
  const others = o.otherMusts.map((m) => `${m.id}${m.consequence ? ' (consequence)' : ' (UNRELATED)'}`);
  const head = o.caught
    ? '**caught**'
    : `**missed** (target ${o.target}${o.gap ? `; known blind spot: ${o.gap}` : ''})`;
  return others.length ? `${head}; also failed: ${others.join(', ')}` : `${head}, nothing else failed`;
}

/**
 * The table: every requirement of the codex profile in report order, each with its variants (name, the
 * bug, level, scenarios) and the verdict, plus a line per requirement no variant covers.
 */
export function renderMutationTable(
  outcomes: readonly VariantOutcome[],
  requirements: readonly { id: string; strength: string }[] = REQUIREMENTS,
  profile = 'codex',
  notJudgeable: Readonly<Record<string, string>> = {},
): string {
  const REQUIREMENTS = requirements;
  const rows: string[][] = [['requirement', 'strength', 'variant', 'bug', 'level, scenarios', 'verdict']];
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  for (const r of REQUIREMENTS) {
    const mine = outcomes
      .filter((o) => o.requirement === r.id)
      .sort((a, b) => a.variant.localeCompare(b.variant));
    if (mine.length === 0) {
      const why = notJudgeable[r.id];
      rows.push([
        `\`${r.id}\``,
        r.strength,
        '—',
        why ? cell(`not judged on this profile's subjects: ${why}`) : 'not covered by a variant',
        '',
        '',
      ]);
      continue;
    }
    for (const o of mine)
      rows.push([
        `\`${r.id}\``,
        r.strength,
        `\`${o.variant}\``,
        cell(o.bug),
        `${o.level}: ${o.scenarios.map((s) => `\`${s}\``).join(', ')}`,
        cell(verdictOf(o)),
      ]);
  }
  for (const o of outcomes.filter((x) => !known.has(x.requirement)))
    rows.push([
      `\`${o.requirement}\``,
      '(new)',
      `\`${o.variant}\``,
      cell(o.bug),
      `${o.level}: ${o.scenarios.map((s) => `\`${s}\``).join(', ')}`,
      cell(verdictOf(o)),
    ]);
  const caught = outcomes.filter((o) => o.caught).length;
  const covered = REQUIREMENTS.filter((r) => outcomes.some((o) => o.requirement === r.id && o.caught));
  const count = (strength: string) => {
    const all = REQUIREMENTS.filter((r) => r.strength === strength);
    const judged = all.filter((r) => !notJudgeable[r.id]).length;
    const excluded = all.length - judged;
    const n = covered.filter((r) => r.strength === strength).length;
    return `${n} of ${judged} ${strength}s${excluded ? ` (and ${excluded} not judged on this profile's subjects)` : ''}`;
  };
  return [
    `${caught} of ${outcomes.length} variants caught by their requirement; ${count('MUST')} and ${count('SHOULD')} of the ${profile} profile covered.`,
    '',
    ...aligned(rows),
  ].join('\n');
}

/** A Markdown table with padded columns (as Markdown formatters write them), header first. */
function aligned(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}

/** The markers of a profile's table (`mutation-table` for codex, `mutation-table:<profile>` otherwise). */
function markers(profile: string): [string, string] {
  return profile === 'codex'
    ? [BEGIN, END]
    : [`<!-- mutation-table:${profile}:begin -->`, `<!-- mutation-table:${profile}:end -->`];
}

/** `readme` with the text between the mutation-table markers replaced by `table`. @throws when a marker is missing */
export function replaceMutationSection(readme: string, table: string, profile = 'codex'): string {
  const [BEGIN, END] = markers(profile);
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README: markers ${BEGIN} … ${END} not found`);
  return `${readme.slice(0, a + BEGIN.length)}\n\n${table}\n\n${readme.slice(b)}`;
}

/** The text between the markers, trimmed. */
export function currentMutationSection(readme: string, profile = 'codex'): string {
  const [BEGIN, END] = markers(profile);
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  return a < 0 || b < a ? '' : readme.slice(a + BEGIN.length, b).trim();
}

/** The results of the claude-code profile's suite (`test/mutations/claude-code.test.ts`), relative to the package. */
export const CLAUDE_CODE_MUTATION_RESULTS = 'reports/mutations/claude-code.json';

/** The results of the gemini-cli profile's suite (`test/mutations/gemini-cli.test.ts`), relative to the package. */
export const GEMINI_CLI_MUTATION_RESULTS = 'reports/mutations/gemini-cli.json';

if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--profile')) {
  // `--profile claude-code` / `--profile gemini-cli`: the table of the fake Claude Code's / Gemini CLI's variants
  const profile = process.argv[process.argv.indexOf('--profile') + 1];
  if (profile !== 'claude-code' && profile !== 'gemini-cli')
    throw new Error(`--profile: no mutation suite for profile ${profile}`);
  const { requirementsFor } = await import('../src/requirements/requirements.ts');
  const PROFILE =
    profile === 'claude-code'
      ? (await import('../src/profiles/claude-code/index.ts')).CLAUDE_CODE_PROFILE
      : (await import('../src/profiles/gemini-cli/index.ts')).GEMINI_CLI_PROFILE;
  const results = profile === 'claude-code' ? CLAUDE_CODE_MUTATION_RESULTS : GEMINI_CLI_MUTATION_RESULTS;
  const pkg = resolve(import.meta.dirname, '..');
  const outcomes = JSON.parse(readFileSync(resolve(pkg, results), 'utf8')) as VariantOutcome[];
  const readmePath = resolve(pkg, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const notJudgeable =
    profile === 'gemini-cli'
      ? (await import('../test/mutations/gemini-cli-variants.ts')).GEMINI_CLI_NOT_JUDGED
      : {};
  const table = renderMutationTable(outcomes, requirementsFor(PROFILE), profile, notJudgeable);
  if (process.argv.includes('--check')) {
    const ok = currentMutationSection(readme, profile) === table.trim();
    console.log(ok ? 'README mutation table is current' : 'README mutation table is out of date');
    process.exit(ok ? 0 : 1);
  }
  writeFileSync(readmePath, replaceMutationSection(readme, table, profile));
  console.log(`README mutation table (${profile}): ${outcomes.length} variants`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const pkg = resolve(import.meta.dirname, '..');
  const outcomes = JSON.parse(readFileSync(resolve(pkg, MUTATION_RESULTS), 'utf8')) as VariantOutcome[];
  const readmePath = resolve(pkg, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const table = renderMutationTable(outcomes);
  if (process.argv.includes('--check')) {
    const ok = currentMutationSection(readme) === table.trim();
    console.log(ok ? 'README mutation table is current' : 'README mutation table is out of date');
    process.exit(ok ? 0 : 1);
  }
  writeFileSync(readmePath, replaceMutationSection(readme, table));
  console.log(`README mutation table: ${outcomes.length} variants`);
}
