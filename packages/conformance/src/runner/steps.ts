import type { Transport } from '../capture/model.ts';
import type { ResolvedToolCall } from '../model/scenario-run.ts';
import type { ModelApi, RenderedStep } from '../profiles/profile.ts';
import type { Capability, Scenario } from '../scenarios/model.ts';
import type { SubjectCapabilities } from '../subjects/subject-spec.ts';
import { render } from './template.ts';

/** The capability a subject lacks for a scenario, or undefined. */
export function missingCapability(scenario: Scenario, caps: SubjectCapabilities): Capability | undefined {
  for (const need of scenario.requires) {
    if (need.startsWith('transport:') && !caps.transports.includes(need.slice(10) as Transport)) return need;
    if (need === 'tls' && !caps.tls) return need;
    if (need === 'mtls' && !caps.mtls) return need;
    // 'header-env-substitution': still run; a subject that does not claim it is judged on what it sends
    if (scenario.tags.includes('headers') && !caps.headers) return 'headers';
    if (need === 'tools' && !caps.shellTool) return need;
    if (need === 'stream-retry' && !caps.streamRetry) return need;
    if (
      need.startsWith('decision:') &&
      !caps.decisions[need.slice(9) as keyof SubjectCapabilities['decisions']]
    )
      return need;
  }
  if (!caps.transports.includes(scenario.telemetry.transport))
    return `transport:${scenario.telemetry.transport}`;
  return undefined;
}

/**
 * The scenario as this subject plays it: a scenario that does not test a transport (not tagged
 * `transport`) and uses one the subject does not claim is run on the subject's first claimed transport
 * instead (e.g. Gemini CLI, which documents OTLP/HTTP JSON and gRPC but not protobuf), so that it is
 * judged rather than skipped. Transport scenarios keep theirs (and skip when it is not claimed).
 */
export function withSubjectTransport(scenario: Scenario, caps: SubjectCapabilities): Scenario {
  const t = scenario.telemetry.transport;
  const first = caps.transports[0];
  if (scenario.tags.includes('transport') || caps.transports.includes(t) || !first) return scenario;
  return { ...scenario, telemetry: { ...scenario.telemetry, transport: first } };
}

/** The `{{name}}` placeholders of a subject's `capabilities.shellTool.arguments` template. */
export const TOOL_ARGUMENT_PLACEHOLDERS = ['commandJson', 'command'] as const;

/** The scenario's tool call as the subject's own tool (name and arguments template), if any. */
export function resolveToolCall(scenario: Scenario, caps: SubjectCapabilities): ResolvedToolCall | undefined {
  if (!scenario.toolCall || !caps.shellTool) return undefined;
  return {
    callId: scenario.toolCall.callId,
    name: caps.shellTool.name,
    arguments: render(caps.shellTool.arguments, {
      commandJson: JSON.stringify(scenario.toolCall.command),
      command: scenario.toolCall.command,
    } satisfies Record<(typeof TOOL_ARGUMENT_PLACEHOLDERS)[number], string>),
  };
}

/** Expands `times` and renders every step in the model API's protocol. */
export function expandSteps(
  scenario: Scenario,
  caps: SubjectCapabilities,
  api: ModelApi,
): { responses: RenderedStep[]; toolCall?: ResolvedToolCall } {
  const toolCall = resolveToolCall(scenario, caps);
  const responses: RenderedStep[] = [];
  for (const step of scenario.steps) {
    const rendered = api.render(step, toolCall);
    for (let i = 0; i < (step.times ?? 1); i++) responses.push(rendered);
  }
  return toolCall ? { responses, toolCall } : { responses };
}
