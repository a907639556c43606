import type { Command } from 'commander';
import { verifyAuditChain } from '../../app/audit/verify.js';
import { CliError, config, say, withDatabase } from '../context.js';

/** `ketaclinic verify-audit`: re-computes the audit hash chain; non-zero exit on any break. */
export function registerAuditCommands(program: Command): void {
  program
    .command('verify-audit')
    .description(
      're-compute the audit log hash chain; exits non-zero naming the first broken entry, and reports entries unsealed for over a minute',
    )
    .action(async () => {
      await withDatabase(config(), async (db) => {
        const result = await verifyAuditChain(db.pool, { now: new Date() });
        if (result.firstBroken) {
          throw new CliError(
            `the audit chain is broken at entry ${result.firstBroken.id} (chain position ${result.firstBroken.seq}): ${result.firstBroken.reason}; ${result.checked} entries before it verify`,
          );
        }
        if (result.staleUnsealed.count) {
          throw new CliError(
            `${result.checked} sealed entries verify, but ${result.staleUnsealed.count} entries have waited over a minute to be sealed (oldest id ${result.staleUnsealed.oldestId}); is the server's sealer running?`,
          );
        }
        say(`the audit chain verifies: ${result.checked} entries`);
      });
    });
}
