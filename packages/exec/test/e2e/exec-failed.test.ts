import { mountSseOnce, sseFailed } from '@agentotel/test-support';
import { expect, test } from 'vitest';
import {
  attr,
  jsonLines,
  logsNamed,
  makeHome,
  runExecProcess,
  useModelAndReceiver,
} from '../helpers/harness.ts';

const ctx = useModelAndReceiver();

// Port of Codex's exits_non_zero_when_server_reports_error.
test('response.failed exits 1 and its telemetry reached the receiver before the process ended', async () => {
  await mountSseOnce(ctx.server, sseFailed('resp_err_1', 'rate_limit_exceeded', 'synthetic server error'));
  // Codex's defaults: the failure is retried as a stream error; the retry meets no mount (404) and stops.
  const home = makeHome(ctx.server, {
    receiver: ctx.receiver,
    provider: { request_max_retries: 4, stream_max_retries: 5 },
  });
  const r = await runExecProcess(['--skip-git-repo-check', 'tell me something', '--json'], { home });
  expect(r.exitCode, r.stderr).toBe(1);
  const events = jsonLines(r.stdout);
  expect(events.at(-1)).toMatchObject({ type: 'turn.failed' });
  expect(r.stderr).toMatch(/synthetic server error/);
  // No waiting: the process has exited, so what it flushed is already here.
  const records = ctx.receiver.records();
  const failed = logsNamed(records, 'codex.sse_event').find(
    (e) => attr(e, 'event.kind') === 'response.failed',
  );
  expect(attr(failed, 'error.message')).toBe('synthetic server error');
  const api = logsNamed(records, 'codex.api_request');
  expect(api.length).toBeGreaterThanOrEqual(1);
  expect(attr(api[0], 'attempt')).toBe(1);
  expect(attr(api[0], 'http.response.status_code')).toBe(200);
  expect(failed?.resource.attributes['service.name']).toEqual({ type: 'string', value: 'agentotel_exec' });
});
