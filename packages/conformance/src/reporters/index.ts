import { consoleReporter } from './console-reporter.ts';
import { ctrfReporter } from './ctrf-reporter.ts';
import { htmlReporter } from './html-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import type { Reporter } from './reporter.ts';

/** Built-in reporters by name; the CLI's `--reporter` picks from these. */
export const reporters = {
  console: consoleReporter,
  json: jsonReporter,
  junit: junitReporter,
  ctrf: ctrfReporter,
  html: htmlReporter,
} as const satisfies Record<string, Reporter>;

/** A built-in reporter name. */
export type ReporterName = keyof typeof reporters;
