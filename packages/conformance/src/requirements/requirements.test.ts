import { describe, expect, test } from 'vitest';
import { CODEX_PROFILE } from '../profiles/codex/index.ts';
import type { RequirementMapping } from '../profiles/profile.ts';
import { REQUIREMENTS, requirementsFor, SHARED_REQUIREMENTS } from './requirements.ts';

/** The Codex suite's requirement ids, in report order, as they were before profiles existed (plus the two of issue 12). */
const CODEX_IDS = [
  'FLUSH-ON-EXIT-SUCCESS',
  'FLUSH-ON-EXIT-FAILURE',
  'EXPORTER-NONE-SILENT',
  'TRANSPORT-HTTP-JSON',
  'TRANSPORT-HTTP-PROTOBUF',
  'TRANSPORT-GRPC',
  'OTLP-PAYLOADS-ACCEPTED',
  'HEADERS-SENT',
  'HEADERS-ENV-SUBSTITUTION',
  'TLS-ENDPOINT-DELIVERS',
  'TLS-NO-PLAINTEXT',
  'MTLS-CLIENT-CERTIFICATE',
  'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
  'RECEIVER-DOWN-PROMPT-EXIT',
  'EXIT-ZERO-ON-SUCCESS',
  'EXIT-NONZERO-ON-FAILURE',
  'COMMON-METADATA',
  'EVENT-TIMESTAMP-FORMAT',
  'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
  'EVENT-NAME-FIELD',
  'EVENT-SEVERITY-INFO',
  'RESOURCE-ATTRIBUTES',
  'CONVERSATION-ID-CONSTANT',
  'CONVERSATION-ID-UNIQUE',
  'TIMESTAMPS-IN-RUN-WINDOW',
  'TIMESTAMPS-CAUSAL-ORDER',
  'CONVERSATION-STARTS-EMITTED',
  'CONVERSATION-STARTS-ATTRIBUTES',
  'API-REQUEST-PER-ATTEMPT',
  'API-REQUEST-STATUS-CODE',
  'API-REQUEST-ATTRIBUTES',
  'SSE-EVENT-PER-FRAME',
  'SSE-EVENT-ATTRIBUTES',
  'SSE-ERROR-ON-FAILURE',
  'TOKEN-COUNTS-MATCH-USAGE',
  'TOOL-TOKEN-COUNT-IS-TOTAL',
  'USER-PROMPT-EMITTED',
  'USER-PROMPT-ATTRIBUTES',
  'USER-PROMPT-REDACTED-BY-DEFAULT',
  'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
  'USER-PROMPT-LENGTH-CODE-POINTS',
  'PROMPT-NOT-LEAKED',
  'TOOL-DECISION-REPORTED',
  'TOOL-DECISION-ATTRIBUTES',
  'TOOL-CALL-ID-JOIN',
  'TOOL-RESULT-MATCHES-CALL',
  'TOOL-RESULT-SUCCESS-MATCHES-EXIT',
  'TOOL-RESULT-ATTRIBUTES',
  'METRICS-EXPORTED',
  'METRIC-TAG-VALUES',
];

describe('requirements by profile', () => {
  test('the codex profile keeps every requirement id of the suite, in the same order', () => {
    expect(requirementsFor(CODEX_PROFILE).map((r) => r.id)).toEqual(CODEX_IDS);
    expect(REQUIREMENTS.map((r) => r.id)).toEqual(CODEX_IDS);
  });

  test('a shared requirement whose mapping part a profile lacks is left out, not failed', () => {
    const mapping: RequirementMapping = {
      userPrompt: {
        event: 'x.user_prompt',
        promptAttribute: 'prompt',
        redacted: 'absent',
        optInSwitch: 'X_LOG_PROMPTS=1',
      },
      resource: { nameAttribute: 'service.name', versionAttribute: 'service.version' },
    };
    const ids = requirementsFor({ mapping, requirements: [] }).map((r) => r.id);
    for (const id of ['TOOL-CALL-ID-JOIN', 'TOOL-DECISION-REPORTED', 'TOKEN-COUNTS-MATCH-USAGE'])
      expect(ids).not.toContain(id);
    for (const id of ['API-REQUEST-PER-ATTEMPT', 'USER-PROMPT-LENGTH-CODE-POINTS', 'CONVERSATION-ID-UNIQUE'])
      expect(ids).not.toContain(id);
    for (const id of [
      'FLUSH-ON-EXIT-SUCCESS',
      'USER-PROMPT-REDACTED-BY-DEFAULT',
      'PROMPT-NOT-LEAKED',
      'TLS-NO-PLAINTEXT',
    ])
      expect(ids).toContain(id);
    // shared ones never name a Codex event in their presence list: they use mapping roles
    for (const r of SHARED_REQUIREMENTS)
      for (const e of r.judgesPresenceOf ?? []) expect(e, r.id).toMatch(/^@/);
  });
});
