/** One broken request invariant of docs/responses-sse.md §1, with the input item that breaks it. */
export interface InvariantViolation {
  /** Stable rule id. */
  readonly rule: 'input-missing' | 'output-without-call-id' | 'output-without-call' | 'call-without-output';
  /** What is wrong, e.g. `function_call_output without matching call in input: call_9`. */
  readonly message: string;
  /** The offending `input` item (absent for `input-missing`). */
  readonly item?: unknown;
  /** The request path, e.g. `/v1/responses`. */
  readonly path: string;
}

type Item = Record<string, unknown>;

const CALL_KINDS: Record<string, readonly string[]> = {
  function_call_output: ['function_call', 'local_shell_call'],
  custom_tool_call_output: ['custom_tool_call'],
};
const OUTPUT_KIND: Record<string, string> = {
  function_call: 'function_call_output',
  custom_tool_call: 'custom_tool_call_output',
};

function callId(item: Item): string | undefined {
  const id = item.call_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Checks the request invariants Codex's mock checks on every `POST .../responses` (docs/responses-sse.md §1):
 * `input` exists; no output item has an empty `call_id`; every `function_call_output` has its
 * `function_call` (or `local_shell_call`) in the same `input`, every `function_call` has its output
 * (and the same for `custom_tool_call`). A body that is not JSON is not checked.
 *
 * @returns the violations, empty when the request is fine.
 * @see docs/responses-sse.md §1
 */
export function checkRequestInvariants(bodyText: string, path: string): InvariantViolation[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return [];
  }
  const input = (body as { input?: unknown } | null)?.input;
  if (!Array.isArray(input)) {
    return [{ rule: 'input-missing', message: 'input array not found in request', path }];
  }
  const items = input.filter((i): i is Item => typeof i === 'object' && i !== null);
  const idsOf = (kinds: readonly string[]) =>
    new Set(
      items
        .filter((i) => kinds.includes(String(i.type)))
        .map(callId)
        .filter((id) => id !== undefined),
    );
  const violations: InvariantViolation[] = [];
  for (const item of items) {
    const type = String(item.type);
    const calls = CALL_KINDS[type];
    if (calls !== undefined) {
      const id = callId(item);
      if (id === undefined) {
        violations.push({
          rule: 'output-without-call-id',
          message: `orphan ${type} with empty call_id should be dropped`,
          item,
          path,
        });
      } else if (!idsOf(calls).has(id)) {
        violations.push({
          rule: 'output-without-call',
          message: `${type} without matching call in input: ${id}`,
          item,
          path,
        });
      }
    }
    const outputKind = OUTPUT_KIND[type];
    const id = callId(item);
    if (outputKind !== undefined && id !== undefined && !idsOf([outputKind]).has(id)) {
      violations.push({
        rule: 'call-without-output',
        message: `${type === 'function_call' ? 'Function' : 'Custom tool'} call output is missing for call id: ${id}`,
        item,
        path,
      });
    }
  }
  return violations;
}

/** Renders violations with their offending items, one per line. */
export function formatViolations(violations: readonly InvariantViolation[]): string {
  return violations
    .map(
      (v) =>
        `  • POST ${v.path}: ${v.message}${v.item === undefined ? '' : `\n    offending input item: ${JSON.stringify(v.item)}`}`,
    )
    .join('\n');
}
