import type { SubjectSpec } from '../subjects/subject-spec.ts';

/** A subject ready to run: its spec and the folder relative paths resolve against. */
export interface ResolvedSubject {
  spec: SubjectSpec;
  baseDir: string;
}
