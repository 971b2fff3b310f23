import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { builtinCommand, execStyleSpec } from '../../src/subjects/builtin.ts';
import type { SubjectSpecInput } from '../../src/subjects/subject-spec.ts';

/** The API key the echoing subject prints; no report may show it in any encoding. */
export const ECHOED_KEY = 'sk-agentotel-echo-7f3a9c1e5b';
/** A value listed under `secrets:`; no report may show it. */
export const LISTED_SECRET = 'listed-secret-42abc/+';

const fixture = (name: string) => resolve(import.meta.dirname, 'fixtures', name);
const node = [process.execPath, '--conditions=@agentotel/source', '--no-warnings'];

/** Subjects of the report tests, as subject.yaml contents. */
export const REPORT_SUBJECTS = {
  /** agentotel-exec claiming nothing (`capabilities: {}`). */
  'claims-nothing': (): SubjectSpecInput => ({
    ...execStyleSpec('claims-nothing', builtinCommand()),
    capabilities: {},
  }),
  /** agentotel-exec failing one MUST and one SHOULD. */
  'must-and-should': (): SubjectSpecInput =>
    execStyleSpec('must-and-should', [...node, fixture('must-and-should.ts')]),
  /** Prints its API key and a listed secret in several encodings, then crashes. */
  'crash-echoing-key': (): SubjectSpecInput => ({
    name: 'crash-echoing-key',
    command: [...node, fixture('crash-echoing-key.ts')],
    env: { MY_API_KEY: ECHOED_KEY },
    secrets: [LISTED_SECRET],
  }),
  /** Never exits: killed at its (short) timeout. */
  hangs: (): SubjectSpecInput => ({
    name: 'hangs',
    command: [...node, fixture('hang.ts')],
    timeoutMs: 2_000,
  }),
  /** A program that does not exist. */
  'missing-binary': (): SubjectSpecInput => ({
    name: 'missing-binary',
    command: ['./no-such-agent-binary', '{{prompt}}'],
  }),
} as const;

/** Writes the subject's YAML file into `dir` and returns its path. */
export async function writeReportSubject(name: keyof typeof REPORT_SUBJECTS, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify(REPORT_SUBJECTS[name]()));
  return file;
}
