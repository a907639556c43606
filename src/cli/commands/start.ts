import type { Command } from 'commander';
import { config, say } from '../context.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the clinic: the embedded PostgreSQL (or DATABASE_URL) and the web server')
    .action(async () => {
      // Loaded here, not with the other commands: `start` alone needs the server (and each command starts faster).
      const { startServer } = await import('../../server.js');
      const server = await startServer(config(), say);
      say(
        `ketaclinic is running at ${server.url} (${server.db.mode} database${server.db.embedded ? ` in ${server.db.embedded.dataDir}` : ''})`,
      );
      const shutdown = (signal: NodeJS.Signals): void => {
        say(`${signal}: finishing in-flight requests and stopping`);
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            say(`shutdown failed: ${(error as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}
