import { describe, expect, test } from 'vitest';
import {
  geminiSse,
  geminiTextChunks,
  MockServerError,
  messagesSse,
  messagesTextEvents,
  mountGeminiSseOnce,
  mountMessagesSseOnce,
  startGeminiMockServer,
  startMessagesMockServer,
} from '../../src/index.ts';
import { json } from './sse-reader.ts';

describe('model API mock server lifecycle', () => {
  test('an unknown engine is rejected with the allowed names', async () => {
    await expect(startMessagesMockServer({ engine: 'nope' as 'msw' })).rejects.toThrow(
      /unknown mock server engine "nope"; use one of: msw, wiremock/,
    );
  });

  test('close() is idempotent, frees the port, and a closed server refuses mounts', async () => {
    const server = await startMessagesMockServer();
    const url = server.url;
    await server.close();
    await server.close();
    await expect(mountMessagesSseOnce(server, messagesSse(messagesTextEvents('x')))).rejects.toBeInstanceOf(
      MockServerError,
    );
    await expect(server.journal()).rejects.toThrow(/Anthropic Messages API mock server is closed/);
    await expect(fetch(`${url}/v1/messages`, { method: 'POST', body: '{}' })).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  test('reset() drops mounts and recorded requests; await using closes', async () => {
    let url: string;
    {
      await using server = await startGeminiMockServer();
      url = server.url;
      await mountGeminiSseOnce(server, geminiSse(geminiTextChunks('x')));
      await fetch(`${server.url}/v1beta/models/m:countTokens`, { method: 'POST', body: '{}' });
      expect(await server.requests()).toHaveLength(1);
      await server.reset();
      expect(await server.journal()).toEqual([]);
      const res = await fetch(`${server.url}/v1beta/models/m:streamGenerateContent?alt=sse`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(404);
      expect((await json(res)).error.message).toContain('nothing is mounted');
    }
    await expect(fetch(`${url}/v1beta/models/m:generateContent`, { method: 'POST' })).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
