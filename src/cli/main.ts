import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerDataCommands } from './commands/data.js';
import { registerStartCommand } from './commands/start.js';
import { registerUserCommands } from './commands/user.js';
import { say } from './context.js';

/**
 * `ketaclinic <command>`: every command has --help; bad arguments exit non-zero with one line
 * that says why. Settings come from the same environment as the server (see README).
 */
export function buildProgram(): Command {
  const program = new Command('ketaclinic')
    .description('ketaclinic — software for a ketamine therapy clinic')
    .exitOverride();
  registerStartCommand(program);
  registerDataCommands(program);
  registerUserCommands(program);
  registerAuditCommands(program);
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    say(
      error instanceof ConfigError
        ? `configuration error: ${error.message}`
        : (error as Error).message || String(error),
    );
    return 1;
  }
}
