export * from './clinic-protocol.js';
export { defaultProtocol } from './default-protocol.js';
export { validateProtocol } from './validate-protocol.js';
export { upgradeStoredProtocol } from './upgrade-protocol.js';
