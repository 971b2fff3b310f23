// The example third-party agent on the OpenTelemetry JS SDK certifies through `telemetry.style: otel-env`:
// its exporter is configured only by the standard OTEL_* variables (real processes, loopback only).
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { certify } from '../../src/certify.ts';

const subject = resolve(import.meta.dirname, '../../examples/otel-sdk-agent/subject.yaml');

describe('the example OTel-SDK agent (otel-env)', () => {
  test('is certified: every MUST passes on every transport, TLS and mTLS', { timeout: 180_000 }, async () => {
    const { report, runs, exitCode } = await certify({ subject });
    const failed = report.requirements.filter((r) => r.verdict === 'fail');
    expect(failed.map((r) => `${r.id}: ${r.findings.find((f) => f.verdict === 'fail')?.reason}`)).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
    // it was configured through the OTEL_* variables, not a config file
    const grpc = runs.find((r) => r.scenario.id === 'transport-grpc')!;
    expect(grpc.otlpRequests.some((q) => q.transport === 'grpc')).toBe(true);
    const none = runs.find((r) => r.scenario.id === 'exporter-none')!;
    expect(none.connections).toEqual([]);
    const mtls = runs.find((r) => r.scenario.id === 'mtls-http')!;
    expect(mtls.otlpRequests.some((q) => q.clientCertificateSubject)).toBe(true);
    expect(new Set(runs.map((r) => r.profile))).toEqual(new Set(['codex']));
  });
});
