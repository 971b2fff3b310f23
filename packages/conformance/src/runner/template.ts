/** Values of the `{{name}}` placeholders of a subject's command, env and files. */
export type Placeholders = Record<string, string>;

/** Error raised when a template names a placeholder that does not exist. */
export class TemplateError extends Error {
  readonly code = 'UNKNOWN_PLACEHOLDER';
}

/** A `{{name}}` placeholder (spaces allowed inside the braces); group 1 is the name. Global: reset `lastIndex`. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Every placeholder in `text`, as written (`match`), by name, with its index in `text`. */
export function placeholdersIn(text: string): { name: string; match: string; index: number }[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => ({ name: m[1]!, match: m[0], index: m.index }));
}

/**
 * Replaces every `{{name}}` in `text`.
 *
 * @throws TemplateError for an unknown placeholder, listing the known ones.
 * @example render('--base {{modelBaseUrl}}', { modelBaseUrl: 'http://127.0.0.1:1/v1' })
 */
export function render(text: string, values: Placeholders): string {
  return text.replace(PLACEHOLDER_PATTERN, (_, name: string) => {
    const v = values[name];
    if (v === undefined)
      throw new TemplateError(
        `[agentotel] unknown placeholder {{${name}}} in the subject; known: ${Object.keys(values).sort().join(', ')}`,
      );
    return v;
  });
}
