/**
 * A condition on a string: exact value, substring, or regular expression source (kept portable: the
 * `wiremock` engine evaluates it with Java's regex engine).
 */
export type StringMatch =
  | { readonly equals: string }
  | { readonly contains: string }
  | { readonly matches: string };

/**
 * A request condition as a plain value, evaluated by each engine (in JS by `msw`, as a WireMock request
 * pattern by `wiremock`). Combine with {@link allOf}.
 */
export type RequestMatcher =
  | { readonly kind: 'header'; readonly name: string; readonly value: StringMatch }
  | { readonly kind: 'path'; readonly value: StringMatch }
  | { readonly kind: 'body'; readonly value: StringMatch }
  | { readonly kind: 'all'; readonly of: readonly RequestMatcher[] };

/** The parts of a request that matchers look at. */
export interface MatchableRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function toStringMatch(value: string | StringMatch): StringMatch {
  return typeof value === 'string' ? { equals: value } : value;
}

/**
 * Matches when the header (name case-insensitive) is present and satisfies `value` (a string means equals).
 *
 * @example mountSseOnceMatch(server, header('originator', 'codex_exec'), body)
 */
export function header(name: string, value: string | StringMatch): RequestMatcher {
  return { kind: 'header', name: name.toLowerCase(), value: toStringMatch(value) };
}

/**
 * Matches on the URL path without query (a string means equals), e.g. `path('/v1/responses')`.
 *
 * @example path({ matches: '/v1/responses|/api/responses' })
 */
export function path(value: string | StringMatch): RequestMatcher {
  return { kind: 'path', value: toStringMatch(value) };
}

/**
 * Matches when the raw request body contains `text` (e.g. a prompt or a `call_id`).
 *
 * @example bodyContains('"call_id":"call_1"')
 */
export function bodyContains(text: string): RequestMatcher {
  return { kind: 'body', value: { contains: text } };
}

/**
 * Matches on the raw request body with any {@link StringMatch}.
 *
 * @example body({ matches: '.*tell me something.*' })
 */
export function body(value: StringMatch): RequestMatcher {
  return { kind: 'body', value };
}

/**
 * Matches when every given matcher matches.
 *
 * @example allOf(header('originator', 'x'), bodyContains('hello'))
 */
export function allOf(...matchers: RequestMatcher[]): RequestMatcher {
  return { kind: 'all', of: matchers };
}

function testString(match: StringMatch, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if ('equals' in match) return actual === match.equals;
  if ('contains' in match) return actual.includes(match.contains);
  return new RegExp(`^(?:${match.matches})$`, 's').test(actual);
}

/**
 * Evaluates a matcher against a request (used by the `msw` engine; WireMock evaluates its translation).
 */
export function matchRequest(matcher: RequestMatcher, request: MatchableRequest): boolean {
  switch (matcher.kind) {
    case 'header':
      return testString(matcher.value, request.headers[matcher.name]);
    case 'path':
      return testString(matcher.value, request.path);
    case 'body':
      return testString(matcher.value, request.body);
    case 'all':
      return matcher.of.every((m) => matchRequest(m, request));
  }
}

function describeString(match: StringMatch): string {
  if ('equals' in match) return `= ${JSON.stringify(match.equals)}`;
  if ('contains' in match) return `contains ${JSON.stringify(match.contains)}`;
  return `matches /${match.matches}/`;
}

/** A short human description, e.g. `header originator = "x"`, used in unmatched-request messages. */
export function describeMatcher(matcher: RequestMatcher): string {
  switch (matcher.kind) {
    case 'header':
      return `header ${matcher.name} ${describeString(matcher.value)}`;
    case 'path':
      return `path ${describeString(matcher.value)}`;
    case 'body':
      return `body ${describeString(matcher.value)}`;
    case 'all':
      return matcher.of.map(describeMatcher).join(' and ');
  }
}
