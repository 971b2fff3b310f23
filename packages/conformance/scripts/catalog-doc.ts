/**
 * Renders a profile's catalog as Markdown (`docs/catalog/<profile>.md`), from the catalog data and the
 * requirements, imported through the package's public index.
 */
import type { AttributeSpec, Catalog, Requirement } from '../src/index.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const KIND: Record<AttributeSpec['kind'], string> = {
  string: 'string',
  int: 'int (OTLP intValue)',
  'numeric-string': 'number as decimal string',
  'bool-string': '"true" / "false"',
  timestamp: 'RFC 3339 timestamp',
  uuid: 'UUID string',
  bool: 'bool (OTLP boolValue)',
  number: 'number',
  'string-array': 'array of strings',
  any: 'any',
};

function attributeTable(attrs: readonly AttributeSpec[]): string[] {
  const rows = attrs.map(
    (a) =>
      `| \`${a.key}\` | ${KIND[a.kind]} | ${a.presence}${a.condition ? ` (${a.condition})` : ''} | ${a.enum ? a.enum.map((v) => `\`${v}\``).join(', ') : ''} | ${cell(a.description)} |`,
  );
  return ['| attribute | type | presence | values | meaning |', '| --- | --- | --- | --- | --- |', ...rows];
}

function requirementsCiting(reqs: readonly Requirement[], section: string): string[] {
  const cited = reqs.filter((r) => r.source.includes(`§${section}`));
  if (!cited.length) return [];
  return [
    '',
    'Requirements that cite this section:',
    '',
    ...cited.map(
      (r) =>
        `- \`${r.id}\` (${r.strength}${r.levels ? `, level ${r.levels.join('/')} only` : ''}): ${r.text}`,
    ),
  ];
}

/** Fixed prose of the sections the catalog data does not hold, in this project's words. */
const PROSE: Record<string, string[]> = {
  '1': [
    'Each event is one OTLP **LogRecord** of severity INFO. Its name is the attribute `event.name`; an',
    'emitter also fills the LogRecord field `eventName` with the same value, and a reader accepts the name',
    'from either place. `event.timestamp` is an attribute in RFC 3339 (at level `strict`: UTC, exactly three',
    "fractional digits, `Z`), and the record's `timeUnixNano` agrees with it. Every export carries the",
    'resource attributes of §6. Three transports: OTLP/HTTP with a protobuf body',
    '(`application/x-protobuf`, `protocol = "binary"`), OTLP/HTTP with a JSON body (`application/json`,',
    '`protocol = "json"`) and OTLP/gRPC (`opentelemetry.proto.collector.logs.v1.LogsService/Export`). An',
    'HTTP endpoint is used as configured, the full URL including `/v1/logs`.',
  ],
  '5': [
    'The agent reads its telemetry settings from an `[otel]` table in its `config.toml`:',
    '',
    '```toml',
    '[otel]',
    'environment = "dev"        # exported as the resource attribute `env`',
    'log_user_prompt = false    # the prompt attribute is the redaction marker unless true',
    'exporter = "none"          # none | { otlp-http = { ... } } | { otlp-grpc = { ... } }',
    'metrics_exporter = "none"  # the same forms, for metrics',
    '```',
    '',
    '- `otlp-http = { endpoint, protocol = "binary" | "json", headers = { ... }, tls = { ... } }`;',
    '  `otlp-grpc = { endpoint, headers = { ... }, tls = { ... } }`.',
    '- `tls = { ca-certificate, client-certificate, client-private-key }` (paths; relative ones resolve',
    "  against the agent's home folder). The client certificate and key come as a pair (mTLS).",
    `- A header value written \`"\${VAR}"\` is replaced by the environment variable \`VAR\`.`,
    '- `exporter = "none"`: nothing is sent and no connection is opened.',
    '- Records are exported by a background batch worker that is flushed on shutdown, on every exit path.',
    '- An `https://` endpoint is encrypted on every transport; nothing goes out in plaintext.',
  ],
  '6': [
    'The **originator** names the client: it is sent to the model provider (the `originator` header) and',
    'is the resource attribute `service.name`. The resource attributes of every export:',
  ],
};

/** The documents requirement sources cite besides this catalog, described in this project's words. */
const SOURCES = [
  "- **seed 000 / 001**: the `otel` section of the agent's configuration documentation as added with the",
  '  OpenTelemetry events change (#2103): the `[otel]` table, the exporters, the events and prompt redaction.',
  "- **seed 002**: a user guide to the agent's OpenTelemetry logs: where the configuration lives (§1),",
  '  the exporters and their headers (§5.2), plaintext sent to an `https://` gRPC endpoint by one release',
  '  (§5.3), TLS and client certificates (§5.4), and what must not be logged (§9).',
  '- **seed 003**: the change that made the `originator` identify the real client, with the metrics',
  '  capabilities of a turn.',
  '- **Responses API**: the model protocol the mock serves; see [`../responses-sse.md`](../responses-sse.md).',
];

/**
 * Markdown of a vendor profile's catalog (other than codex): the vendor's document, the common
 * attributes, each event, the metrics, the resource attributes and the requirements with their sources.
 */
export function renderVendorCatalogDoc(
  profile: string,
  catalog: Catalog,
  reqs: readonly Requirement[],
): string {
  const out: string[] = [
    `<!-- generated by packages/conformance/scripts/generate-docs.ts from the catalog data; do not edit -->`,
    `# The \`${profile}\` telemetry catalog`,
    '',
    `Catalog version ${catalog.version}${catalog.source ? `, taken from ${catalog.source.url ? `[${catalog.source.document}](${catalog.source.url})` : catalog.source.document} (agent ${catalog.source.version})` : ''}.`,
    `This page is generated from the data \`agentotel certify --subject <subject with profile: ${profile}>\` judges against.`,
    '',
    '## Common attributes (on every event)',
    '',
    ...attributeTable(catalog.commonAttributes),
    '',
    '## Events',
    '',
  ];
  for (const e of catalog.events)
    out.push(`### \`${e.name}\``, '', cell(e.description), '', ...attributeTable(e.attributes), '');
  if (catalog.redactionMarker)
    out.push(`A redacted value is the literal \`${catalog.redactionMarker}\`.`, '');
  if (catalog.optIns?.length)
    out.push(
      'Opt-ins that add sensitive content:',
      '',
      ...catalog.optIns.map((o) => `- \`${o.name}\`: ${cell(o.description)}`),
      '',
    );
  out.push('## Metrics', '');
  if (catalog.metrics.length)
    out.push(
      '| metric | instrument | unit | tags |',
      '| --- | --- | --- | --- |',
      ...catalog.metrics.map(
        (m) =>
          `| \`${m.name}\` | ${m.instrument} | ${m.unit ?? ''} | ${m.tags.map((t) => `\`${t}\``).join(', ')} |`,
      ),
      '',
    );
  else out.push('No metrics in this catalog.', '');
  out.push('## Resource attributes', '', ...attributeTable(catalog.resourceAttributes), '');
  out.push(
    '## Requirements',
    '',
    '| id | strength | text | source |',
    '| --- | --- | --- | --- |',
    ...reqs.map(
      (r) =>
        `| \`${r.id}\` | ${r.strength}${r.levels ? ` (${r.levels.join('/')} only)` : ''} | ${cell(r.text)} | ${cell(r.source)} |`,
    ),
    '',
  );
  return out.join('\n');
}

/** Markdown of the codex catalog, with the sections (§1-§7) that requirement sources cite. */
export function renderCatalogDoc(profile: string, catalog: Catalog, reqs: readonly Requirement[]): string {
  const out: string[] = [
    `<!-- generated by packages/conformance/scripts/generate-docs.ts from the catalog data; do not edit -->`,
    `# The \`${profile}\` telemetry catalog`,
    '',
    `Catalog version ${catalog.version}${catalog.source ? `, from ${catalog.source.document} (agent ${catalog.source.version})` : ''}.`,
    'This page is generated from the data `agentotel certify` judges against; requirement sources such as',
    `\`docs/catalog/${profile}.md §3\` point at its sections. The JSON Schema of each event's attributes, per`,
    `level, is in [\`${profile}.core.schema.json\`](${profile}.core.schema.json) and`,
    `[\`${profile}.strict.schema.json\`](${profile}.strict.schema.json).`,
    '',
    'Levels: `core` accepts numbers as numeric strings or numbers and any RFC 3339 timestamp; `strict`',
    'wants the exact types of the reference implementation.',
    '',
    '## §1 Wire model',
    '',
    ...PROSE['1']!,
    ...requirementsCiting(reqs, '1'),
    '',
    '## §2 Common metadata (on every event)',
    '',
    ...attributeTable(catalog.commonAttributes),
    ...requirementsCiting(reqs, '2'),
    '',
    '## §3 Events',
    '',
  ];
  for (const e of catalog.events) {
    out.push(`### \`${e.name}\``, '', cell(e.description), '', ...attributeTable(e.attributes), '');
  }
  if (catalog.redactionMarker)
    out.push(`A redacted value is the literal \`${catalog.redactionMarker}\`.`, '');
  out.push(...requirementsCiting(reqs, '3').slice(1), '', '## §4 Metrics', '');
  if (catalog.metrics.length) {
    out.push(
      '| metric | instrument | unit | tags | tag values |',
      '| --- | --- | --- | --- | --- |',
      ...catalog.metrics.map(
        (m) =>
          `| \`${m.name}\` | ${m.instrument} | ${m.unit ?? ''} | ${m.tags.map((t) => `\`${t}\``).join(', ')} | ${Object.entries(
            m.tagEnums ?? {},
          )
            .map(([k, v]) => `${k}: ${v.join(', ')}`)
            .join('; ')} |`,
      ),
      '',
      `Session tags on every point: ${catalog.metricSessionTags.map((t) => `\`${t}\``).join(', ')}.`,
    );
  } else out.push('No metrics in this catalog.');
  out.push(...requirementsCiting(reqs, '4'), '', '## §5 The `[otel]` configuration', '', ...PROSE['5']!);
  if (catalog.optIns?.length)
    out.push(
      '',
      'Opt-ins that add sensitive content:',
      '',
      ...catalog.optIns.map((o) => `- \`${o.name}\`: ${cell(o.description)}`),
    );
  out.push(
    ...requirementsCiting(reqs, '5'),
    '',
    '## §6 Originator and resource attributes',
    '',
    ...PROSE['6']!,
    '',
  );
  out.push(...attributeTable(catalog.resourceAttributes), ...requirementsCiting(reqs, '6'), '');
  out.push('## §7 Sources', '', ...SOURCES, '');
  out.push(
    '## Requirements',
    '',
    '| id | strength | text | source |',
    '| --- | --- | --- | --- |',
    ...reqs.map(
      (r) =>
        `| \`${r.id}\` | ${r.strength}${r.levels ? ` (${r.levels.join('/')} only)` : ''} | ${cell(r.text)} | ${cell(r.source)} |`,
    ),
    '',
  );
  return out.join('\n');
}
