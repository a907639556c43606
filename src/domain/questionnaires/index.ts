export * from './safety.js';
export * from './schedule.js';
export * from './explain.js';
export * from './reminder-email.js';
export * from './labels.js';
