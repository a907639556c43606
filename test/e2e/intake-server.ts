import type { Cleanup } from '../setup/database.js';
import { startTestServer, type TestServer } from '../setup/server.js';

/**
 * The real app with the demo clinic loaded (but not its sample intakes: these tests assert on a queue of their
 * own), and no minimum fill time (a test fills the form faster than a person could; the spam rule itself is
 * covered by test/http/intake-api.test.ts). `cleanup`: see startTestServer (`onTestFinished` for a server per attempt).
 */
export function startIntakeServer(cleanup?: Cleanup): Promise<TestServer> {
  return startTestServer({
    demo: true,
    demoIntakes: false,
    env: { KETACLINIC_INTAKE_MIN_FILL_SECONDS: '0', KETACLINIC_INTAKE_RATE_LIMIT: '1000' },
    cleanup,
  });
}
