import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** One known deviation: a requirement (optionally on one scenario) whose failure is expected, with why. */
export const SuppressionSchema = z.strictObject({
  requirement: z.string().min(1),
  /** Only this scenario; every scenario when absent. */
  scenario: z.string().optional(),
  reason: z.string().min(1, 'a suppression needs a reason'),
});
/** @see SuppressionSchema */
export type Suppression = z.infer<typeof SuppressionSchema>;

/** The file: `suppressions: [...]`. */
export const SuppressionsFileSchema = z.strictObject({
  suppressions: z.array(SuppressionSchema).default([]),
});

/** Error in a suppressions file, with a stable code. */
export class SuppressionsError extends Error {
  readonly code: 'SUPPRESSIONS_UNREADABLE' | 'SUPPRESSIONS_INVALID';
  constructor(code: 'SUPPRESSIONS_UNREADABLE' | 'SUPPRESSIONS_INVALID', message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Reads a suppressions YAML file.
 *
 * @throws SuppressionsError naming the file and the bad entry.
 * @example const list = await loadSuppressions('conformance-suppressions.yaml')
 */
export async function loadSuppressions(file: string): Promise<Suppression[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SuppressionsError(
      'SUPPRESSIONS_UNREADABLE',
      `[agentotel] cannot read suppressions file ${file}: ${(err as Error).message}`,
    );
  }
  const parsed = SuppressionsFileSchema.safeParse(parseYaml(text) ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new SuppressionsError(
      'SUPPRESSIONS_INVALID',
      `[agentotel] ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
  }
  return parsed.data.suppressions;
}

/** Whether a suppression covers a failure of `requirement` on `scenario`. */
export function covers(s: Suppression, requirement: string, scenario: string): boolean {
  return s.requirement === requirement && (s.scenario === undefined || s.scenario === scenario);
}
