import type { Command } from 'commander';
import { SitrepError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';

/** Parse argv and run the command; an error is one line on stderr and a non-zero exit code. */
export async function runProgram(program: Command, argv: string[], logger: () => Logger): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // commander already printed help, version or its own one-line error
      process.exitCode = e.exitCode ?? 1;
      return;
    }
    logger().error(`sitrep: ${errorMessage(err)}`);
    process.exitCode = err instanceof SitrepError && err.code === 'not_built' ? 2 : 1;
  }
}
