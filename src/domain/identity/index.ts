export * from './password-policy.js';
export { normaliseEmail } from './email.js';
