import { cac } from 'cac';
import { SubjectFileError } from '../subjects/subject-errors.ts';
import { VERSION } from '../version.ts';
import { CERTIFY_OPTIONS } from './options.ts';
import { CliUsageError, runCertify } from './run-certify.ts';

/** Streams the CLI writes to. */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Runs the `agentotel` CLI on `argv` (without node and script) and returns the exit status.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), process)
 */
export async function runCli(argv: string[], io: CliStreams): Promise<number> {
  const cli = cac('agentotel');
  let action: Promise<number> | undefined;
  const cmd = cli.command('certify', "Certify an agent's OpenTelemetry output against the catalog");
  for (const o of Object.values(CERTIFY_OPTIONS))
    cmd.option(o.flags, o.description, 'default' in o ? { default: o.default } : undefined);
  cmd.action((options: Record<string, unknown>) => {
    action = runCertify(options, io.stdout);
  });
  cli.help();
  cli.version(VERSION);
  try {
    cli.parse(['node', 'agentotel', ...argv], { run: false });
    if (!cli.matchedCommand) {
      if (cli.options.help || cli.options.version) return 0;
      io.stderr.write(`[agentotel] unknown or missing command; try \`agentotel certify --help\`\n`);
      return 2;
    }
    await cli.runMatchedCommand();
    return await (action ?? Promise.resolve(0));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    const usage = err instanceof CliUsageError || err instanceof SubjectFileError;
    return usage || (err as { name?: string }).name === 'CACError' ? 2 : 1;
  }
}
