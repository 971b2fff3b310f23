import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CollectorError,
  collectorAvailability,
  collectorRequired,
  comparableRecords,
  generateTestCertificates,
  type StartedCollector,
  type StartedOtlpReceiver,
  startCollector,
  startOtlpReceiver,
  type TestCertificates,
} from '../../src/index.ts';
import {
  emitSample,
  SAMPLE,
  SDK_TRANSPORTS,
  type SdkTarget,
  type SdkTransport,
} from '../support/sdk-telemetry.ts';

const TOTAL = SAMPLE.logs + SAMPLE.metricPoints + SAMPLE.spans;

const urlFor = (c: { httpUrl: string; grpcUrl: string }, t: SdkTransport) =>
  t === 'grpc' ? c.grpcUrl : c.httpUrl;

// Both launchers run where they can: the ocb-built binary, and the same build as a container image through
// testcontainers (`.ci/run` starts a Docker engine and builds the image). Under AGENTOTEL_REQUIRE_ALL a
// missing one fails instead of skipping.
const required = collectorRequired();
for (const launcher of ['binary', 'docker'] as const) {
  const availability = await collectorAvailability(launcher);
  if (!availability.available) {
    if (required) {
      it(`a real collector is available through the ${launcher} launcher (AGENTOTEL_REQUIRE_ALL / AGENTOTEL_REQUIRE_COLLECTOR)`, () => {
        throw new Error(availability.reason);
      });
    } else {
      it.skip(`real collector unavailable through the ${launcher} launcher: ${availability.reason}`, () =>
        undefined);
    }
  }

  describe.skipIf(!availability.available)(`real OpenTelemetry Collector (${launcher} launcher)`, () => {
    let collector: StartedCollector;
    let receiver: StartedOtlpReceiver;
    beforeAll(async () => {
      [collector, receiver] = await Promise.all([startCollector({ launcher }), startOtlpReceiver()]);
    });
    afterAll(async () => {
      await Promise.all([collector?.stop(), receiver?.stop()]);
    });

    for (const transport of SDK_TRANSPORTS) {
      it(`the same SDK batches over ${transport} give the same records from the embedded receiver and the collector`, async () => {
        receiver.clear();
        await collector.clear();
        await emitSample(
          [
            { transport, url: urlFor(receiver, transport) },
            { transport, url: urlFor(collector, transport) },
          ],
          transport,
        );
        const viaCollector = await collector.waitForCount(TOTAL);
        const direct = receiver.records();
        expect(direct).toHaveLength(TOTAL);
        expect(viaCollector.every((r) => r.request.transport === 'file')).toBe(true);
        // One assertion over both paths.
        expect(comparableRecords(viaCollector)).toEqual(comparableRecords(direct));
      });
    }

    it('forwards through the forward overlay to the embedded receiver (same normalizer)', async () => {
      await using sink = await startOtlpReceiver();
      await using forwarding = await startCollector({ launcher, forwardTo: sink.httpUrl });
      await emitSample([{ transport: 'grpc', url: forwarding.grpcUrl }], 'forward');
      const fromFile = await forwarding.waitForCount(TOTAL);
      await sink.waitFor((r) => r.signal === 'traces' && r.name === 'tool.call', { timeoutMs: 10_000 });
      await expect.poll(() => sink.records().length, { timeout: 10_000 }).toBe(TOTAL);
      expect(sink.requests().every((r) => r.transport === 'http/json')).toBe(true);
      expect(comparableRecords(sink.records())).toEqual(comparableRecords(fromFile));
    });

    it('waitFor names what arrived when nothing matches', async () => {
      await collector.clear();
      const err = await collector.waitFor(() => false, { timeoutMs: 200 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CollectorError);
      expect((err as CollectorError).code).toBe('WAIT_TIMEOUT');
      expect((err as Error).message).toMatch(
        /no collector record matched within 200ms; the collector wrote \d+ logs/,
      );
    });
  });

  describe.skipIf(!availability.available)(
    `real collector with TLS, mTLS and a bearer token (${launcher} launcher)`,
    () => {
      let certs: TestCertificates;
      let collector: StartedCollector;
      beforeAll(async () => {
        certs = await generateTestCertificates();
        collector = await startCollector({
          launcher,
          tls: { certificates: certs, mtls: true },
          bearerToken: 's3cret',
        });
      });
      afterAll(() => collector?.stop());

      for (const transport of SDK_TRANSPORTS) {
        it(`accepts mTLS + bearer over ${transport}`, async () => {
          expect(collector.httpUrl).toMatch(/^https:/);
          await collector.clear();
          const target: SdkTarget = {
            transport,
            url: urlFor(collector, transport),
            headers: { authorization: 'Bearer s3cret' },
            tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key },
          };
          await emitSample([target], `tls-${transport}`);
          const recs = await collector.waitForCount(TOTAL);
          expect(recs.filter((r) => r.signal === 'logs')).toHaveLength(SAMPLE.logs);
        });
      }

      it('rejects a wrong token and a missing client certificate', async () => {
        const tls = { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key };
        await expect(
          emitSample([
            {
              transport: 'http/protobuf',
              url: collector.httpUrl,
              headers: { authorization: 'Bearer nope' },
              tls,
            },
          ]),
        ).rejects.toThrow();
        await expect(
          emitSample([
            {
              transport: 'grpc',
              url: collector.grpcUrl,
              headers: { authorization: 'Bearer s3cret' },
              tls: { ca: certs.ca.cert },
            },
          ]),
        ).rejects.toThrow();
      });

      it('TLS without mTLS accepts a client without a certificate', async () => {
        await using tlsOnly = await startCollector({ launcher, tls: { certificates: certs } });
        await emitSample(
          [{ transport: 'grpc', url: tlsOnly.grpcUrl, tls: { ca: certs.ca.cert } }],
          'tls-only',
        );
        await tlsOnly.waitForCount(TOTAL);
      });
    },
  );
}
