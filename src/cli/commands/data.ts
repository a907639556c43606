import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Command } from 'commander';
import { CliError, config, say, withDatabase } from '../context.js';

/**
 * migrate, demo, backup, restore: commands that work on the database, with or without a running server.
 * Each action loads what it uses when it runs, so that no command (`start` least of all) loads the others'.
 */
export function registerDataCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (embedded start does this itself; use it in server mode)')
    .action(async () => {
      const { migrate } = await import('../../db/migrate.js');
      await withDatabase(config(), async (db) => {
        const client = await db.client();
        try {
          const result = await migrate(client);
          say(
            result.applied.length
              ? `migrated from version ${result.from} to ${result.to}: ${result.applied.join(', ')}`
              : `the database is current (version ${result.to})`,
          );
        } finally {
          await client.end();
        }
      });
    });

  program
    .command('demo')
    .description('load the fictional demo clinic and print how to sign in')
    .action(async () => {
      const [{ loadDemoClinic, DEMO_ORGANIZATION_NAME }, { demoAccounts, demoOtpauthUri, demoPatientAccount }] =
        await Promise.all([import('../../app/demo.js'), import('../../app/identity/demo-accounts.js')]);
      const { demoInductionPortalAccount } = await import('../../app/portal/demo-portal.js');
      await withDatabase(
        config(),
        async (db) => {
          const client = await db.client();
          try {
            const result = await loadDemoClinic(client);
            say(
              result.created
                ? `loaded the demo clinic "${DEMO_ORGANIZATION_NAME}"`
                : `the demo clinic "${DEMO_ORGANIZATION_NAME}" is already loaded`,
            );
            // A server already running on this data directory is where the demo is: its own host and port.
            const { runningServer } = await import('../../db/embedded/supervisor.js');
            const running = db.embedded ? runningServer(db.embedded.dataDir) : undefined;
            const { host, port } = running ?? config();
            const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
            process.stdout.write(running ? `The clinic is running at ${url}\n` : `Open ${url} after \`npm start\`.\n`);
            process.stdout.write('\nDemo sign-ins (demo only — never reuse these):\n');
            for (const account of demoAccounts) {
              process.stdout.write(
                `  ${account.roles.join(', ').padEnd(12)} ${account.email}  password: ${account.password}\n`,
              );
              const uri = demoOtpauthUri(account, DEMO_ORGANIZATION_NAME);
              if (uri) process.stdout.write(`  ${''.padEnd(12)} TOTP secret: ${account.totpSecret}  (${uri})\n`);
            }
            process.stdout.write(
              `  ${'patient'.padEnd(12)} ${demoPatientAccount.email}  password: ${demoPatientAccount.password}  (patient portal: /portal/)\n` +
                `  ${'patient'.padEnd(12)} ${demoInductionPortalAccount.email}  password: ${demoInductionPortalAccount.password}  (patient portal, in induction: /portal/)\n`,
            );
            process.stdout.write(
              '\nNo authenticator app at hand? `npx ketaclinic demo-code admin` (or prescriber) prints the current code.\n',
            );
          } finally {
            await client.end();
          }
        },
        { migrate: true },
      );
    });

  program
    .command('demo-code')
    .description("print the current two-step sign-in code of a demo account (the demo's published secrets only)")
    .argument('<role>', 'admin or prescriber')
    .action(async (role: string) => {
      const [{ demoAccounts }, { totpCode }] = await Promise.all([
        import('../../app/identity/demo-accounts.js'),
        import('../../app/identity/totp.js'),
      ]);
      const account = demoAccounts.find((a) => a.roles.includes(role) && a.totpSecret);
      if (!account?.totpSecret)
        throw new CliError(`no demo account with two-step sign-in has the role "${role}"; use admin or prescriber`);
      const now = new Date();
      const secondsLeft = 30 - (Math.floor(now.getTime() / 1000) % 30);
      process.stdout.write(`${totpCode(account.totpSecret, now)}\n`);
      say(`${account.email}: valid for ${secondsLeft} more seconds; each code signs in once`);
    });

  program
    .command('backup')
    .description('write a consistent snapshot of every table to FILE (gzip), with a progress bar')
    .argument('<file>', 'where to write the backup (use .kcbackup.gz); an existing file is not overwritten')
    .action(async (file: string) => {
      if (fs.existsSync(file))
        throw new CliError(`${file} exists; choose a new file name (backups are never overwritten)`);
      const [{ writeBackup }, { createProgress }] = await Promise.all([
        import('../../app/backup/backup.js'),
        import('../progress.js'),
      ]);
      await withDatabase(config(), async (db) => {
        const client = await db.client();
        const partial = `${file}.partial`;
        try {
          const gzip = zlib.createGzip();
          const done = pipeline(gzip, fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
          const header = await writeBackup(client, gzip, createProgress('backup'));
          gzip.end();
          await done;
          // fsync before the rename: a backup that said "done" must survive a crash.
          const fd = fs.openSync(partial, 'r');
          fs.fsyncSync(fd);
          fs.closeSync(fd);
          fs.renameSync(partial, file);
          say(
            `backup written to ${file}: ${header.tables.length} tables, ${header.tables.reduce((s, t) => s + t.rows, 0)} rows, schema ${header.schemaVersion}`,
          );
        } catch (error) {
          fs.rmSync(partial, { force: true });
          throw error;
        } finally {
          await client.end();
        }
      });
    });

  program
    .command('restore')
    .description('read a backup FILE into an empty database')
    .argument('<file>', 'a file written by `ketaclinic backup`')
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw new CliError(`${file} does not exist`);
      const [{ restoreBackup }, { createProgress }] = await Promise.all([
        import('../../app/backup/restore.js'),
        import('../progress.js'),
      ]);
      await withDatabase(config(), async (db) => {
        const client = await db.client();
        try {
          const input = fs.createReadStream(file).pipe(zlib.createGunzip());
          const header = await restoreBackup(client, input, createProgress('restore'));
          say(
            `restored ${file}: ${header.tables.length} tables, ${header.tables.reduce((s, t) => s + t.rows, 0)} rows from ${header.createdAt}`,
          );
        } finally {
          await client.end();
        }
      });
    });
}
