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

/**
 * Replaces every planted secret in every string of a JSON-able value, and masks header maps found under
 * a `headers` key. The canary is replaced by `«prompt»`.
 */
export function redactDeep<T>(value: T, secrets: string[]): T {
  const fix = (s: string) => {
    let out = s;
    for (const sec of secrets)
      if (out.includes(sec)) out = out.split(sec).join(sec.includes('CANARY') ? '«prompt»' : '«masked»');
    out = out.replace(/AGENTOTEL-CANARY-[0-9a-f]+/g, '«canary»');
    return out;
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      if (key === 'headers') return maskHeaders(v as Record<string, string>);
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  return walk(value) as T;
}
