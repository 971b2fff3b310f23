/**
 * Finds parts of a prompt in telemetry text: not only the whole prompt or its canary, but a prefix, a
 * slice, a lower-cased or otherwise normalised copy, and copies in base64 / base64url, hex or URL
 * encoding.
 *
 * A fragment is any run of {@link FRAGMENT_LENGTH} characters of the prompt (after normalisation:
 * Unicode NFKD, combining marks dropped, lower case, runs of white space as one space) that reaches
 * into the prompt's distinctive part: everything after its leading free text (the scenario's title, which
 * may legitimately share words with telemetry such as "response.failed"). The suite's prompts end in
 * an astral code point, an accented word and the canary, so every fragment of 16 characters that
 * touches them is specific to the prompt. 16 characters, because the canary begins with the project's
 * name (`agentotel-`), which telemetry legitimately carries (`agentotel-conformance`,
 * `agentotel_exec`): any 16 characters around it reach into the accented word or the canary's tail.
 */

/** Characters a fragment has (after normalisation). */
export const FRAGMENT_LENGTH = 16;

/** How a fragment was found. */
/** `text`: as text, verbatim or normalised (case, accents, white space). */
export type FragmentForm = 'text' | 'base64' | 'hex' | 'URL-encoded';

/** A fragment found in a text: how it was encoded and the fragment itself. */
export interface FragmentHit {
  form: FragmentForm;
  fragment: string;
}

/** Unicode NFKD, combining marks dropped, lower case, white space runs as one space. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

const BASE64_TOKEN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_TOKEN = /(?:[0-9a-fA-F]{2}){12,}/g;

/**
 * A finder for fragments of `prompt` whose leading `freeText` (e.g. the scenario title) is not
 * distinctive on its own. It remembers every text it was asked about (telemetry repeats the same
 * strings on every record), so a run is scanned in time linear in its distinct strings.
 *
 * @example const find = promptFragmentFinder(scenario.prompt, scenario.title); find('…') // FragmentHit | undefined
 */
export function promptFragmentFinder(
  prompt: string,
  freeText = '',
): (text: string) => FragmentHit | undefined {
  const norm = normaliseText(prompt);
  // the free text and the white space after it are not distinctive
  const free = freeText && prompt.startsWith(freeText) ? normaliseText(freeText).length + 1 : 0;
  const windows = new Set<string>();
  // every window that ends inside the distinctive part
  for (let i = Math.max(0, free - FRAGMENT_LENGTH + 1); i + FRAGMENT_LENGTH <= norm.length; i++)
    windows.add(norm.slice(i, i + FRAGMENT_LENGTH));
  if (windows.size === 0 && norm.length > 0) windows.add(norm);
  const width = Math.min(FRAGMENT_LENGTH, norm.length);
  const inPlain = (s: string): string | undefined => {
    if (s.length < width) return undefined;
    const n = normaliseText(s);
    for (let i = 0; i + width <= n.length; i++) {
      const w = n.slice(i, i + width);
      if (windows.has(w)) return w;
    }
    return undefined;
  };
  const decodedForms = (s: string): [FragmentForm, string][] => {
    const out: [FragmentForm, string][] = [];
    if (s.includes('%')) {
      try {
        out.push(['URL-encoded', decodeURIComponent(s.replace(/\+/g, ' '))]);
      } catch {
        // not URL encoding
      }
    }
    for (const t of s.match(BASE64_TOKEN) ?? [])
      out.push(['base64', Buffer.from(t, 'base64').toString('utf8')]);
    for (const t of s.match(HEX_TOKEN) ?? []) out.push(['hex', Buffer.from(t, 'hex').toString('utf8')]);
    return out;
  };
  const seen = new Map<string, FragmentHit | undefined>();
  return (text: string) => {
    if (text.length < Math.min(width, 4)) return undefined;
    if (seen.has(text)) return seen.get(text);
    let hit: FragmentHit | undefined;
    const direct = inPlain(text);
    if (direct !== undefined) hit = { form: 'text', fragment: direct };
    else
      for (const [form, decoded] of decodedForms(text)) {
        const f = inPlain(decoded);
        if (f !== undefined) {
          hit = { form, fragment: f };
          break;
        }
      }
    seen.set(text, hit);
    return hit;
  };
}
