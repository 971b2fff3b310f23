import { defineProject } from 'vitest/config';

const conditions = ['@agentotel/source', 'node', 'import', 'default'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@agentotel/source'] } },
  test: {
    name: 'exec',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    hookTimeout: 60_000,
    // every file's temporary files in a folder of its own, removed after it
    setupFiles: ['../../tools/vitest/temp-dir-per-file.ts'],
  },
});
