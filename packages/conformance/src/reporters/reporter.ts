import type { ProgressEvent } from '../certify.ts';
import type { CertificationReport } from '../model/report-model.ts';

/** Where reporters write and what they may print to. */
export interface ReporterContext {
  /** Folder for report files. */
  reportDir: string;
  /** Console output; `isTTY` enables colour and the live progress line, `columns` bounds it. */
  out: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/**
 * A reporter: optional hooks, each may be async. Built-ins are registered by name in {@link reporters}.
 *
 * @see ./index.ts
 */
export interface Reporter {
  /** Called for progress while scenarios run. */
  onProgress?(event: ProgressEvent, ctx: ReporterContext): void;
  /** Called once with the finished report; returns the files it wrote. */
  onReport?(report: CertificationReport, ctx: ReporterContext): Promise<string[]> | string[];
}
