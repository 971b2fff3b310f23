/** Writes the generated documentation files (see ./generated-docs.ts). Run: `pnpm generate-docs`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { generatedFiles, PACKAGE_DIR } from './generated-docs.ts';

for (const [file, text] of generatedFiles()) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  process.stdout.write(`wrote ${relative(PACKAGE_DIR, file)}\n`);
}
