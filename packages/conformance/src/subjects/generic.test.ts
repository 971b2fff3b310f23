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

test('the OTel-SDK agent example subject.yaml loads', async () => {
  const s = await loadSubjectFile(resolve(import.meta.dirname, '../../examples/otel-sdk-agent/subject.yaml'));
  expect([s.spec.name, s.spec.telemetry?.style]).toEqual(['otel-sdk-agent (example)', 'otel-env']);
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

test('profile: and telemetry.style: are validated, naming the allowed values', async () => {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-subject-'));
  try {
    const file = join(dir, 'subject.yaml');
    await writeFile(file, 'name: x\ncommand: [ok]\nprofile: claude\n');
    await expect(loadSubjectFile(file)).rejects.toThrow(
      /profile: expected one of: codex, claude-code, gemini-cli/,
    );
    await writeFile(file, 'name: x\ncommand: [ok]\ntelemetry: { style: env }\n');
    await expect(loadSubjectFile(file)).rejects.toThrow(
      /telemetry\.style: expected one of: codex-toml, otel-env, gemini-settings/,
    );
    await writeFile(file, 'name: x\ncommand: [ok]\nprofile: codex\ntelemetry: { style: gemini-settings }\n');
    await expect(loadSubjectFile(file)).rejects.toThrow(
      /telemetry\.style: profile codex supports codex-toml, otel-env, not gemini-settings/,
    );
    await writeFile(file, 'name: x\ncommand: [ok]\nprofile: codex\ntelemetry: { style: otel-env }\n');
    const s = await loadSubjectFile(file);
    expect([s.spec.profile, s.spec.telemetry?.style]).toEqual(['codex', 'otel-env']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
