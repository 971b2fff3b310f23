import { runAppServer } from './app-server/app-server.ts';
import { errorExit, runExec } from './cli/exec-command.ts';
import type { CliDeps, CliIo } from './cli/io.ts';
import { EXIT, helpText } from './cli/options.ts';
import { parseArgs } from './cli/parse-args.ts';
import { VERSION } from './setup.ts';

/**
 * Runs `agentotel-exec` in-process: parses `argv` (without node and script), runs the exec turn or
 * the app server, flushes telemetry, and returns the exit status (0 ok, 1 failure, 2 usage).
 * It never calls `process.exit` and writes only to `io`.
 *
 * @example const code = await runCli(['--skip-git-repo-check', '--json', 'hi'], { env, cwd, stdin, stdout, stderr });
 * @see docs/contracts.md "@agentotel/exec"
 */
export async function runCli(argv: string[], io: CliIo, deps: CliDeps = {}): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.options.help) {
      io.stdout.write(helpText(VERSION));
      return EXIT.ok;
    }
    if (parsed.options.version) {
      io.stdout.write(`agentotel-exec ${VERSION}\n`);
      return EXIT.ok;
    }
    if (parsed.command === 'app-server') return await runAppServer(parsed.options, io, deps);
    return await runExec(parsed.options, parsed.prompt, io, deps);
  } catch (err) {
    return errorExit(err, io);
  }
}
