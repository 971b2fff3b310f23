import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { OtelConfigError, type OtelConfigErrorCode } from './otel-config-error.ts';
import type { OtelExporter, OtelSettings, OtelTls } from './otel-settings.ts';

/**
 * Options of {@link parseOtelSettings}.
 */
export interface ParseOtelSettingsOptions {
  /** The agent's home folder; relative TLS paths resolve against it. */
  home: string;
  /** Variables for `${VAR}` in header values. @defaultValue `process.env` */
  env?: Record<string, string | undefined>;
  /** The config file the table came from, quoted in errors. */
  source?: string;
}

const tlsSchema = z.strictObject({
  'ca-certificate': z.string().min(1).optional(),
  'client-certificate': z.string().min(1).optional(),
  'client-private-key': z.string().min(1).optional(),
});

const endpointSchema = z.string().refine(isHttpUrl, { message: 'expected an http:// or https:// URL' });
const headersSchema = z.record(z.string(), z.string());

const otlpHttpSchema = z.strictObject({
  endpoint: endpointSchema,
  protocol: z.enum(['binary', 'json']).default('binary'),
  headers: headersSchema.default({}),
  tls: tlsSchema.optional(),
});

const otlpGrpcSchema = z.strictObject({
  endpoint: endpointSchema,
  headers: headersSchema.default({}),
  tls: tlsSchema.optional(),
});

const otelTableSchema = z.strictObject({
  environment: z.string().default('dev'),
  log_user_prompt: z.boolean().default(false),
  exporter: z.unknown().optional(),
  trace_exporter: z.unknown().optional(),
  metrics_exporter: z.unknown().optional(),
});

type ExporterField = 'exporter' | 'trace_exporter' | 'metrics_exporter';

/**
 * Parses the `[otel]` table (the plain object a TOML parser returns for it, inline or table
 * spelling alike) into {@link OtelSettings}: applies defaults, substitutes `${VAR}` in header values
 * and resolves TLS paths against `opts.home`. `undefined` means "no table": everything off.
 *
 * @param raw - the value of the `otel` key of the parsed config file
 * @throws {@link OtelConfigError} naming the key on an unknown key, a wrong type, a bad protocol or
 *   exporter kind, a missing endpoint, half a client TLS pair, or an unset `${VAR}` in a header
 * @example `parseOtelSettings({ exporter: { 'otlp-http': { endpoint, protocol: 'json' } } }, { home })`
 * @see docs/catalog/codex.md §5
 */
export function parseOtelSettings(raw: unknown, opts: ParseOtelSettingsOptions): OtelSettings {
  const ctx: Ctx = { home: opts.home, env: opts.env ?? process.env, source: opts.source };
  const table = check(otelTableSchema, raw ?? {}, ['otel'], ctx, raw);
  return {
    environment: table.environment,
    logUserPrompt: table.log_user_prompt,
    exporter: parseExporter(table.exporter, 'exporter', ctx),
    traceExporter: parseExporter(table.trace_exporter, 'trace_exporter', ctx),
    metricsExporter: parseExporter(table.metrics_exporter, 'metrics_exporter', ctx),
  };
}

interface Ctx {
  home: string;
  env: Record<string, string | undefined>;
  source: string | undefined;
}

const EXPORTER_FORMS = '"none", { otlp-http = { ... } } or { otlp-grpc = { ... } }';

function parseExporter(value: unknown, field: ExporterField, ctx: Ctx): OtelExporter {
  const key = `otel.${field}`;
  if (value === undefined || value === 'none') return { kind: 'none' };
  if (typeof value === 'string') {
    throw fail('invalid_value', key, `expected ${EXPORTER_FORMS}; got "${value}"`, ctx);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('invalid_type', key, `expected ${EXPORTER_FORMS}; got ${describe(value)}`, ctx);
  }
  const kinds = Object.keys(value);
  const kind = kinds[0];
  if (kinds.length !== 1 || (kind !== 'otlp-http' && kind !== 'otlp-grpc' && kind !== 'none')) {
    const unknown = kinds.find((k) => k !== 'otlp-http' && k !== 'otlp-grpc' && k !== 'none');
    if (unknown !== undefined) {
      throw fail(
        'unknown_key',
        `${key}.${unknown}`,
        'unknown exporter; allowed: none, otlp-http, otlp-grpc',
        ctx,
      );
    }
    throw fail(
      'invalid_value',
      key,
      `expected exactly one exporter kind; got ${kinds.join(', ') || 'none'}`,
      ctx,
    );
  }
  const inner = (value as Record<string, unknown>)[kind];
  const path = ['otel', field, kind];
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'otlp-http') {
    const http = check(otlpHttpSchema, inner ?? {}, path, ctx, inner);
    const tls = parseTls(http.tls, path, ctx);
    return {
      kind,
      endpoint: http.endpoint,
      protocol: http.protocol,
      headers: substituteHeaders(http.headers, path, ctx),
      ...(tls ? { tls } : {}),
    };
  }
  const grpc = check(otlpGrpcSchema, inner ?? {}, path, ctx, inner);
  const tls = parseTls(grpc.tls, path, ctx);
  return {
    kind,
    endpoint: grpc.endpoint,
    headers: substituteHeaders(grpc.headers, path, ctx),
    ...(tls ? { tls } : {}),
  };
}

function parseTls(tls: z.infer<typeof tlsSchema> | undefined, path: string[], ctx: Ctx): OtelTls | undefined {
  if (tls === undefined) return undefined;
  const cert = tls['client-certificate'];
  const key = tls['client-private-key'];
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? 'client-certificate' : 'client-private-key';
    const given = cert === undefined ? 'client-private-key' : 'client-certificate';
    throw fail(
      'incomplete_client_tls',
      [...path, 'tls', missing].join('.'),
      `${given} is set but ${missing} is not; give both for mTLS or neither`,
      ctx,
    );
  }
  const out: OtelTls = {};
  if (tls['ca-certificate'] !== undefined) out.caCertificate = resolvePath(ctx.home, tls['ca-certificate']);
  if (cert !== undefined) out.clientCertificate = resolvePath(ctx.home, cert);
  if (key !== undefined) out.clientPrivateKey = resolvePath(ctx.home, key);
  return out;
}

function resolvePath(home: string, p: string): string {
  return isAbsolute(p) ? p : resolve(home, p);
}

const VAR_PATTERN = /\$\{([^}]*)\}/g;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function substituteHeaders(
  headers: Record<string, string>,
  path: string[],
  ctx: Ctx,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = [...path, 'headers', name].join('.');
    out[name] = value.replace(VAR_PATTERN, (_m, variable: string) => {
      if (!VAR_NAME.test(variable)) {
        throw fail('invalid_value', key, `"\${${variable}}" is not a valid environment variable name`, ctx);
      }
      const v = ctx.env[variable];
      if (v === undefined) {
        throw fail(
          'env_var_unset',
          key,
          `header ${name} refers to \${${variable}} but the environment variable ${variable} is not set; set it or remove the header`,
          ctx,
        );
      }
      return v;
    });
  }
  return out;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string[],
  ctx: Ctx,
  original: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const at = [...path, ...issue.path.map(String)];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, issue.path);
      throw fail('unknown_key', [...at, issue.keys[0]].join('.'), `unknown key; allowed: ${allowed}`, ctx);
    }
    case 'invalid_value':
      throw fail(
        'invalid_value',
        at.join('.'),
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}; got ${describe(lookup(original, issue.path))}`,
        ctx,
      );
    case 'invalid_type': {
      const got = lookup(original, issue.path);
      if (got === undefined)
        throw fail('missing_key', at.join('.'), `required ${issue.expected} is missing`, ctx);
      throw fail('invalid_type', at.join('.'), `expected ${issue.expected}; got ${describe(got)}`, ctx);
    }
    case 'custom':
      throw fail(
        'invalid_value',
        at.join('.'),
        `${issue.message}; got ${describe(lookup(original, issue.path))}`,
        ctx,
      );
    default:
      throw fail('invalid_value', at.join('.'), issue.message, ctx);
  }
}

function allowedKeys(schema: z.ZodType, path: PropertyKey[]): string {
  let s: z.ZodType | undefined = schema;
  for (const p of path) {
    s = unwrap(s);
    s = s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>)[String(p)] : undefined;
    if (!s) return '(see docs/catalog/codex.md §5)';
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape).join(', ') : '(see docs/catalog/codex.md §5)';
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}

function lookup(value: unknown, path: PropertyKey[]): unknown {
  let cur = value;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'a table';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
}

function fail(code: OtelConfigErrorCode, key: string, detail: string, ctx: Ctx): OtelConfigError {
  return new OtelConfigError(code, key, detail, ctx.source);
}
