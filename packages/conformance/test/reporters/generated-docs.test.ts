import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { generatedFiles, PACKAGE_DIR } from '../../scripts/generated-docs.ts';

test('the generated schema and catalog docs are current (regenerate: pnpm generate-docs)', async () => {
  for (const [file, text] of generatedFiles()) {
    const onDisk = await readFile(file, 'utf8').catch(() => '(missing)');
    expect(
      onDisk,
      `${relative(PACKAGE_DIR, file)} is out of date: run pnpm generate-docs in packages/conformance`,
    ).toBe(text);
  }
});

test('every reference to a document resolves inside the repository', async () => {
  const root = resolve(PACKAGE_DIR, '../..');
  const { stdout } = await execa('git', ['ls-files', '-z'], { cwd: root });
  const files = stdout.split('\0').filter((f) => /\.(ts|md|ya?ml|json)$/.test(f) && f !== 'pnpm-lock.yaml');
  const problems: string[] = [];
  const docs = new Map<string, string | undefined>();
  for (const f of files) {
    const text = await readFile(join(root, f), 'utf8').catch(() => '');
    for (const m of text.matchAll(
      /(?<![\w/.-])(catalog|responses-sse|other-agents)\.md|\/work\/(shared|main)\b/g,
    ))
      problems.push(`${f}: ${m[0]} is outside the repository`);
    for (const m of text.matchAll(/docs\/([\w/.-]+\.md)(?: §(\d+))?/g)) {
      const doc = m[1]!;
      // a vendor's document (e.g. Gemini CLI's docs/cli/telemetry.md), not a folder of this repository
      const folder = doc.includes('/') ? doc.split('/')[0]! : undefined;
      if (folder && !existsSync(join(root, 'docs', folder))) continue;
      if (!docs.has(doc))
        docs.set(doc, await readFile(join(root, 'docs', doc), 'utf8').catch(() => undefined));
      const body = docs.get(doc);
      if (body === undefined) problems.push(`${f}: docs/${doc} does not exist`);
      else if (m[2] && !new RegExp(`^#+ §${m[2]}\\b`, 'm').test(body))
        problems.push(`${f}: docs/${doc} has no section §${m[2]}`);
    }
  }
  expect(problems).toEqual([]);
});
