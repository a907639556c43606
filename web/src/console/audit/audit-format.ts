export const outcomeLabels = { success: 'Success', denied: 'Denied', failed: 'Failed' } as const;
