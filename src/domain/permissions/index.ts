export * from './actions.js';
export * from './can.js';
export * from './permission-table.js';
export * from './roles.js';
