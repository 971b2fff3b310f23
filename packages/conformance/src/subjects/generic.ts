import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Profile, TelemetryConfig, TelemetryStyle } from '../profiles/profile.ts';
import { SUBJECT_PLACEHOLDERS } from '../runner/home.ts';
import { TOOL_ARGUMENT_PLACEHOLDERS } from '../runner/steps.ts';
import type { ResolvedSubject } from '../runner/subject.ts';
import { placeholdersIn } from '../runner/template.ts';
import {
  displayPath,
  hint,
  SubjectFileError,
  type SubjectProblem,
  SubjectSource,
  zodProblems,
} from './subject-errors.ts';
import { SubjectSpecSchema, subjectTemplates } from './subject-spec.ts';

export { SubjectFileError } from './subject-errors.ts';

/**
 * Loads a generic subject from a `subject.yaml` file; relative paths in it resolve against its folder.
 * Every problem is found before anything runs and reported at once, each at its `file:line:column`:
 * YAML syntax errors; unknown keys and values outside an enum (with "did you mean"); wrong types and
 * missing keys; a telemetry style the profile does not render; and every `{{placeholder}}` the runner
 * would not fill (with "did you mean" and the known placeholders).
 *
 * @throws SubjectFileError (`SUBJECT_UNREADABLE`, `SUBJECT_SYNTAX` or `SUBJECT_INVALID`) listing every
 *   problem.
 * @example const subject = await loadSubjectFile('examples/subject.yaml')
 */
export async function loadSubjectFile(file: string): Promise<ResolvedSubject> {
  const path = resolve(file);
  const shown = displayPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SubjectFileError('SUBJECT_UNREADABLE', shown, [{ path: [], message: (err as Error).message }]);
  }
  const source = new SubjectSource(text);
  const syntax = source.syntaxProblems();
  if (syntax.length) throw new SubjectFileError('SUBJECT_SYNTAX', shown, syntax);

  const input: unknown = source.doc.toJS();
  const parsed = SubjectSpecSchema.safeParse(input);
  const problems = parsed.success ? [] : zodProblems(parsed.error.issues, source, SubjectSpecSchema, input);
  // profiles are loaded lazily: they import subjects
  const { availableProfiles, profileNamed } = await import('../profiles/registry.ts');
  // the profile and style, from the raw file when other keys are invalid (else every profile's names)
  const raw = (typeof input === 'object' && input ? input : {}) as Record<string, unknown>;
  const profileName = parsed.success
    ? parsed.data.profile
    : SubjectSpecSchema.shape.profile.safeParse(raw.profile).data;
  const wantedStyle = parsed.success
    ? parsed.data.telemetry?.style
    : SubjectSpecSchema.shape.telemetry.safeParse(raw.telemetry).data?.style;
  let profiles: Profile[] = availableProfiles().map((n) => profileNamed(n));
  if (profileName) {
    try {
      profiles = [profileNamed(profileName)];
    } catch (err) {
      problems.push({ path: ['profile'], message: (err as Error).message, ...source.locate(['profile']) });
    }
  }
  const styles = profileName && profiles.length === 1 ? profiles[0]!.telemetryStyles : undefined;
  const style = wantedStyle ?? styles?.[0];
  if (wantedStyle && styles && !styles.includes(wantedStyle))
    problems.push({
      path: ['telemetry', 'style'],
      message: `profile ${profileName} supports ${styles.join(', ')}, not ${wantedStyle}`,
      ...source.locate(['telemetry', 'style']),
    });

  const known = {
    run: knownRunPlaceholders(profiles, style),
    'tool-arguments': [...TOOL_ARGUMENT_PLACEHOLDERS] as string[],
  };
  const unknownKinds = new Set<keyof typeof known>();
  for (const t of subjectTemplates(input)) {
    const seen = new Map<string, number>();
    for (const p of placeholdersIn(t.text)) {
      const occurrence = seen.get(p.match) ?? 0;
      seen.set(p.match, occurrence + 1);
      if (known[t.kind].includes(p.name)) continue;
      unknownKinds.add(t.kind);
      const h = hint(p.name, known[t.kind], (s) => `{{${s}}}`);
      problems.push({
        path: t.path,
        message: `unknown placeholder ${p.match}${h}`,
        ...source.locateInside(t.path, p.match, occurrence),
      } satisfies SubjectProblem);
    }
  }
  if (problems.length) {
    const notes: string[] = [];
    if (unknownKinds.has('run')) notes.push(`known placeholders: ${[...known.run].sort().join(', ')}`);
    if (unknownKinds.has('tool-arguments'))
      notes.push(
        `known placeholders in capabilities.shellTool.arguments: ${known['tool-arguments'].join(', ')}`,
      );
    throw new SubjectFileError('SUBJECT_INVALID', shown, problems, notes);
  }
  return { spec: parsed.data!, baseDir: dirname(path) };
}

/** A scenario's telemetry with every exporter off: enough to learn the names a style's rendering fills. */
const PROBE_TELEMETRY: TelemetryConfig = {
  logs: 'none',
  metrics: 'none',
  headers: {},
  expandedHeaders: {},
  headerEnv: {},
  environment: 'probe',
  logUserPrompt: false,
  configDir: '.',
};

/**
 * The placeholders a run fills for these profiles: the runner's own ({@link SUBJECT_PLACEHOLDERS}),
 * those of each profile's model API, and those its telemetry style renders (`style`, or every style the
 * profile has when it is not known), learnt from the renderers themselves so they cannot drift.
 */
function knownRunPlaceholders(profiles: readonly Profile[], style: TelemetryStyle | undefined): string[] {
  const names = new Set<string>(SUBJECT_PLACEHOLDERS);
  for (const profile of profiles) {
    for (const n of Object.keys(profile.modelApi.placeholders?.('http://127.0.0.1:1/v1') ?? {})) names.add(n);
    for (const s of style && profiles.length === 1 ? [style] : profile.telemetryStyles) {
      try {
        for (const n of Object.keys(profile.renderTelemetry(s, PROBE_TELEMETRY).placeholders)) names.add(n);
      } catch {
        // a style this profile does not render is reported as its own problem
      }
    }
  }
  return [...names];
}
