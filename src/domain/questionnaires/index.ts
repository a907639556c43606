export * from './safety.js';
export * from './schedule.js';
