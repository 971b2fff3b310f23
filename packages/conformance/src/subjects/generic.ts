import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ResolvedSubject } from '../runner/subject.ts';
import { SubjectSpecSchema } from './subject-spec.ts';

/** Error in a subject file, with a stable code. */
export class SubjectFileError extends Error {
  readonly code: 'SUBJECT_UNREADABLE' | 'SUBJECT_INVALID';
  constructor(code: 'SUBJECT_UNREADABLE' | 'SUBJECT_INVALID', message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Loads a generic subject from a `subject.yaml` file; relative paths in it resolve against its folder.
 *
 * @throws SubjectFileError naming the file and the bad key.
 * @example const subject = await loadSubjectFile('examples/subject.yaml')
 */
export async function loadSubjectFile(file: string): Promise<ResolvedSubject> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SubjectFileError(
      'SUBJECT_UNREADABLE',
      `[agentotel] cannot read subject file ${path}: ${(err as Error).message}`,
    );
  }
  const parsed = SubjectSpecSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new SubjectFileError(
      'SUBJECT_INVALID',
      `[agentotel] ${path}: ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
  }
  const spec = parsed.data;
  // the telemetry style must be one the profile renders (loaded lazily: profiles import subjects)
  const { profileNamed } = await import('../profiles/registry.ts');
  const styles = profileNamed(spec.profile).telemetryStyles;
  if (spec.telemetry && !styles.includes(spec.telemetry.style))
    throw new SubjectFileError(
      'SUBJECT_INVALID',
      `[agentotel] ${path}: telemetry.style: profile ${spec.profile} supports ${styles.join(', ')}, not ${spec.telemetry.style}`,
    );
  return { spec, baseDir: dirname(path) };
}
