import type { Command } from 'commander';
import { CliError, config, say, withDatabase } from '../context.js';

/** `ketaclinic verify-audit`: re-computes the audit hash chain; non-zero exit on any break. */
export function registerAuditCommands(program: Command): void {
  program
    .command('verify-audit')
    .description(
      're-compute the audit log hash chain with its key and hold it against the signed checkpoint; exits non-zero naming the first broken entry (or removed newest entries), and reports entries unsealed for over a minute',
    )
    .action(async () => {
      const cfg = config();
      const [{ keyringFor }, { verifyAuditChain }] = await Promise.all([
        import('../../app/audit/keyring.js'),
        import('../../app/audit/verify.js'),
      ]);
      await withDatabase(cfg, async (db) => {
        const keyring = keyringFor(cfg, db.embedded?.dataDir);
        const result = await verifyAuditChain(db.pool, { now: new Date(), keyring });
        if (result.firstBroken) {
          const where =
            result.firstBroken.id === null
              ? `at chain position ${result.firstBroken.seq}`
              : `at entry ${result.firstBroken.id} (chain position ${result.firstBroken.seq})`;
          throw new CliError(
            `the audit chain is broken ${where}: ${result.firstBroken.reason}; ${result.checked} entries verify`,
          );
        }
        if (result.staleUnsealed.count) {
          throw new CliError(
            `${result.checked} sealed entries verify, but ${result.staleUnsealed.count} entries have waited over a minute to be sealed (oldest id ${result.staleUnsealed.oldestId}); is the server's sealer running?`,
          );
        }
        say(
          `the audit chain verifies: ${result.checked} entries${result.checkpoint ? `, up to and past the signed checkpoint at position ${result.checkpoint.seq}` : ' (no checkpoint written yet)'}`,
        );
      });
    });
}
