import { SCENARIOS } from '../scenarios/catalog.ts';

const SAFE_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'accept',
  'accept-encoding',
  'user-agent',
  'host',
  'connection',
  'te',
  'grpc-accept-encoding',
  'grpc-encoding',
  'grpc-timeout',
  ':path',
  ':authority',
  ':method',
  ':scheme',
  'transfer-encoding',
  'keep-alive',
]);

/** Masks a header map's values, except well-known non-secret headers. */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    out[k] = SAFE_HEADERS.has(k.toLowerCase()) ? v : `«masked ${v.length} chars»`;
  return out;
}

/** The secrets the suite itself plants: prompts, OTLP header values and their variables, the API key. */
export function plantedSecrets(): string[] {
  const s = new Set<string>(['agentotel-test-api-key']);
  for (const sc of SCENARIOS) {
    s.add(sc.prompt);
    for (const v of Object.values(sc.telemetry.headers ?? {})) if (!v.includes('${')) s.add(v);
    for (const v of Object.values(sc.telemetry.env ?? {})) s.add(v);
  }
  return [...s].filter((x) => x.length >= 6).sort((a, b) => b.length - a.length);
}

/** Environment variable names whose values are secrets: names containing KEY, TOKEN, SECRET or PASSWORD. */
export const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSWORD/i;

/** Shortest value masked: shorter ones (`1`, `true`) would mask unrelated text. */
const MIN_SECRET_LENGTH = 6;

/**
 * The secrets of a subject: its `secrets` list, and the values of its `env` entries and of the
 * harness's own environment whose names match {@link SECRET_ENV_NAME} (placeholders excluded).
 */
export function subjectSecrets(
  spec: { secrets?: string[] | undefined; env?: Record<string, string> },
  processEnv: NodeJS.ProcessEnv = process.env,
): string[] {
  const out = new Set<string>(spec.secrets ?? []);
  for (const [k, v] of [...Object.entries(spec.env ?? {}), ...Object.entries(processEnv)])
    if (v && SECRET_ENV_NAME.test(k) && !/^\{\{\w+\}\}$/.test(v)) out.add(v);
  return [...out].filter((x) => x.length >= MIN_SECRET_LENGTH);
}

/** A string to find in a report and what replaces it. */
export interface Mask {
  needle: string;
  replacement: string;
}

/**
 * Every form of each secret a report may carry: the value itself and its base64 (padded and not),
 * base64url, URL encoding (`encodeURIComponent`) and hex (lower and upper case) encodings. Longest
 * first, so a value is masked before any part of it. A prompt (it carries the canary) becomes
 * `«prompt»`, anything else `«masked»` (`«masked base64»` etc. for an encoding).
 */
export function masksOf(secrets: readonly string[]): Mask[] {
  const masks = new Map<string, string>();
  for (const sec of secrets) {
    if (sec.length < MIN_SECRET_LENGTH) continue;
    const what = sec.includes('CANARY') ? 'prompt' : 'masked';
    const buf = Buffer.from(sec, 'utf8');
    const forms: [string, string][] = [
      [sec, `«${what}»`],
      [buf.toString('base64'), `«${what} base64»`],
      [buf.toString('base64').replace(/=+$/, ''), `«${what} base64»`],
      [buf.toString('base64url'), `«${what} base64url»`],
      [encodeURIComponent(sec), `«${what} url-encoded»`],
      [buf.toString('hex'), `«${what} hex»`],
      [buf.toString('hex').toUpperCase(), `«${what} hex»`],
    ];
    for (const [needle, replacement] of forms)
      if (needle.length >= MIN_SECRET_LENGTH && !masks.has(needle)) masks.set(needle, replacement);
  }
  return [...masks]
    .map(([needle, replacement]) => ({ needle, replacement }))
    .sort((a, b) => b.needle.length - a.needle.length);
}

/**
 * Replaces every secret (and each of its encodings, see {@link masksOf}) in every string of a
 * JSON-able value, and masks header maps found under a `headers` key. Any canary left becomes `«canary»`.
 */
export function redactDeep<T>(value: T, secrets: string[]): T {
  const masks = masksOf(secrets);
  // one scan per string finds whether any needle (or a canary) occurs at all; most strings of a report
  // hold none, and a report repeats many strings (attribute keys, event names), so each is fixed once
  const any = new RegExp(
    [...masks.map((m) => m.needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'AGENTOTEL-CANARY-[0-9a-f]'].join(
      '|',
    ),
  );
  const fixed = new Map<string, string>();
  const fix = (s: string) => {
    const seen = fixed.get(s);
    if (seen !== undefined) return seen;
    if (!any.test(s)) {
      fixed.set(s, s);
      return s;
    }
    let out = s;
    for (const m of masks) if (out.includes(m.needle)) out = out.split(m.needle).join(m.replacement);
    out = out.replace(/AGENTOTEL-CANARY-[0-9a-f]+/g, '«canary»');
    fixed.set(s, out);
    return out;
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      if (key === 'headers') return maskHeaders(v as Record<string, string>);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        if (k === '__proto__')
          // an own key like any other (an attribute may be named so), not the prototype
          Object.defineProperty(out, k, {
            value: walk(x, k),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
