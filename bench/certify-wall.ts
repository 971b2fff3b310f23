/**
 * Wall time of a full certification: the builtin agent (embedded receiver) and the real Codex CLI
 * (when AGENTOTEL_CODEX_BIN points at it). Prints figures; asserts nothing.
 * Run: node --conditions=@agentotel/source bench/certify-wall.ts
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { certify } from '../packages/conformance/src/certify.ts';

interface Row {
  subject: string;
  concurrency: number;
  wallMs: number;
  scenarios: number;
  slowestMs: number;
  must: string;
}

async function measure(subject: string, concurrency: number, codexBin?: string): Promise<Row> {
  const t0 = performance.now();
  const { report } = await certify({ subject, concurrency, ...(codexBin ? { codexBin } : {}) });
  const wallMs = Math.round(performance.now() - t0);
  const ran = report.scenarios.filter((s) => s.state === 'ran');
  const m = report.summary.must;
  return {
    subject: `${report.subject.name}${report.subject.version ? ` ${report.subject.version}` : ''}`,
    concurrency,
    wallMs,
    scenarios: ran.length,
    slowestMs: Math.max(...ran.map((s) => s.durationMs)),
    must: `${m.pass} pass / ${m.fail} fail / ${m.skip} skip`,
  };
}

const cores = availableParallelism();
const rows: Row[] = [];
rows.push(await measure('builtin', 1));
rows.push(await measure('builtin', cores + 2));
rows.push(await measure('builtin', cores + 2));
const codex = process.env.AGENTOTEL_CODEX_BIN;
if (codex && existsSync(codex)) rows.push(await measure('codex', cores + 2, codex));
else console.log('codex: skipped (set AGENTOTEL_CODEX_BIN to the Codex CLI)');
console.log(`certify-wall on ${cores} cores (target: builtin < 10000 ms with scenarios in parallel)`);
console.table(rows);
