import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { certify } from '../certify.ts';
import { loadSubjectFile, SubjectFileError } from './generic.ts';

const example = resolve(import.meta.dirname, '../../examples/subject.yaml');

test('the documented example subject.yaml loads', async () => {
  const s = await loadSubjectFile(example);
  expect(s.spec.name).toBe('agentotel-exec (example)');
  expect(s.spec.capabilities.decisions['denied/user']?.approvalPolicy).toBe('untrusted');
  expect(s.spec.capabilities.transports).toContain('grpc');
});

test('the example subject certifies the plain answer and the denied tool call', {
  timeout: 60_000,
}, async () => {
  const { report } = await certify({ subject: example, only: ['plain-answer', 'tool-denied-by-user'] });
  expect(report.errors).toEqual([]);
  expect(report.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
  expect(report.scenarios.map((s) => s.state)).toEqual(['ran', 'ran']);
});

test('a bad subject file names the key', async () => {
  await expect(loadSubjectFile(resolve(import.meta.dirname, 'nope.yaml'))).rejects.toBeInstanceOf(
    SubjectFileError,
  );
});
