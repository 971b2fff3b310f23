import type { ResolvedToolCall } from '../model/scenario-run.ts';

/**
 * A tool call's arguments (a JSON text) as the JSON object an API's tool call carries (a Messages
 * `tool_use` block's `input`, a Gemini `functionCall`'s `args`).
 *
 * @throws Error naming `apiName` when the arguments are not a JSON object.
 */
export function toolArgumentsObject(call: ResolvedToolCall, apiName: string): object {
  try {
    const v = JSON.parse(call.arguments) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {}
  throw new Error(
    `[agentotel] the ${apiName} needs the tool arguments as a JSON object, got ${call.arguments}`,
  );
}
