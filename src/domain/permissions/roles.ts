/** Staff roles (DESIGN.md "People and what they do"). A staff user holds one or more; a patient holds none. */
export const staffRoles = ['admin', 'prescriber', 'nurse', 'coordinator'] as const;
export type StaffRole = (typeof staffRoles)[number];

export type UserKind = 'staff' | 'patient';

export const isStaffRole = (value: string): value is StaffRole => (staffRoles as readonly string[]).includes(value);

/**
 * Roles whose holders must sign in with a second factor every time: admins can change who may do
 * anything, prescribers sign orders for a Schedule III drug.
 */
export const mfaRequiredRoles: readonly StaffRole[] = ['admin', 'prescriber'];

export const requiresMfa = (roles: readonly string[]): boolean =>
  roles.some((r) => (mfaRequiredRoles as readonly string[]).includes(r));
