const INVALID = /[^A-Za-z0-9._/-]/g;

/**
 * Makes a metric tag value safe: every character outside `[A-Za-z0-9._/-]` becomes `_`; an empty
 * value becomes `unknown`.
 *
 * @example `sanitizeTagValue('gpt-5 (high)') === 'gpt-5__high_'`
 * @see docs/catalog/codex.md §4 "Tag values use only [A-Za-z0-9._/-]"
 */
export function sanitizeTagValue(value: string): string {
  if (value === '') return 'unknown';
  return value.replace(INVALID, '_');
}
