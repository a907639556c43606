import type { Command } from 'commander';
import { isDomainError } from '../../domain/errors.js';
import { CliError, config, say, withDatabase } from '../context.js';

/**
 * `ketaclinic user create`: the first admin of a fresh install, or any staff account, from the
 * server's console. The password comes from stdin (first line), never from argv, where every
 * local user could read it in the process list.
 */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters), then Enter: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    if (process.stdin.isTTY && chunk.toString().includes('\n')) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line)
    throw new CliError('no password on stdin; pipe it in, e.g. printf %s "$PASSWORD" | ketaclinic user create …');
  return line;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage staff accounts');
  user
    .command('create')
    .description(
      'create a staff account; reads the password from stdin; prints the otpauth:// URI for roles that need two-step sign-in',
    )
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'admin, prescriber, nurse or coordinator (repeat for several)', collect, [])
    .option('--org <name>', 'organization (created when the database has none; default "ketaclinic clinic")')
    .action(async (options: { email: string; name: string; role: string[]; org?: string }) => {
      const password = await readPassword();
      const { provisionStaffUser } = await import('../../app/identity/provision.js');
      await withDatabase(
        config(),
        async (db) => {
          try {
            const result = await provisionStaffUser(
              { email: options.email, name: options.name, roles: options.role, password, organization: options.org },
              { db: db.pool, principal: null, now: new Date(), ip: null, userAgent: 'ketaclinic-cli' },
            );
            if (result.organizationCreated) say(`created the organization "${result.organizationName}"`);
            say(`created ${options.email} (${options.role.join(', ')}) in "${result.organizationName}"`);
            if (result.otpauthUri) {
              say('two-step sign-in is required for this role; add this to an authenticator app (it is shown once):');
              process.stdout.write(`${result.otpauthUri}\n`);
            }
          } catch (error) {
            if (isDomainError(error)) throw new CliError(error.message);
            throw error;
          }
        },
        { migrate: config().databaseUrl === undefined },
      );
    });
  user.commands.forEach((c) => c.exitOverride());
}
