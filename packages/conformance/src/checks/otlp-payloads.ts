import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { fact } from './helpers.ts';

/**
 * Every OTLP export the subject sent is one the OpenTelemetry Collector accepts. The embedded receiver
 * decodes as strictly as the collector (protobuf wire types, OTLP/JSON value types, int64 and
 * `timeUnixNano` as decimal strings, every attribute key kept) and records each request it refused with
 * the reason (`rejection`, from `@agentotel/test-support`); a refused `malformed` or `unsupported`
 * payload would be refused by the collector too (HTTP 400 / 415, gRPC `INVALID_ARGUMENT`), so its
 * records would be lost in production. Requests cut short by the exiting process (`incomplete`,
 * `timeout`) are delivery faults, judged by the flush requirements.
 */
export function checkOtlpPayloadsAccepted(run: ScenarioRun): Judgement {
  if (!run.requestsObservable)
    return skip('captured through the collector: refused payloads show up as missing records');
  const reqs = run.otlpRequests;
  if (reqs.length === 0) return skip('no OTLP request arrived (judged by the delivery requirements)');
  const refused = reqs.filter((r) => r.rejection && ['malformed', 'unsupported'].includes(r.rejection.kind));
  if (refused.length)
    return fail(
      `${refused.length}/${reqs.length} OTLP request(s) refused as the collector would refuse them: ${refused[0]!.rejection!.reason}`,
      refused.slice(0, 3).map((r) =>
        fact(`${r.transport} ${r.path} -> ${r.status}`, {
          rejection: r.rejection,
          'content-type': r.headers['content-type'],
        }),
      ),
    );
  return pass(`${reqs.length} OTLP request(s), every payload decoded strictly`);
}
