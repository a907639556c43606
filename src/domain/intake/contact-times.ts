/** When a coordinator may call back, in the clinic's time zone. */
export const contactTimeIds = ['weekday_morning', 'weekday_afternoon', 'weekday_evening', 'saturday'] as const;

export type ContactTimeId = (typeof contactTimeIds)[number];

export const contactTimeOptions: readonly { readonly id: ContactTimeId; readonly label: string }[] = [
  { id: 'weekday_morning', label: 'Weekday mornings (8 am to 12 noon)' },
  { id: 'weekday_afternoon', label: 'Weekday afternoons (12 noon to 5 pm)' },
  { id: 'weekday_evening', label: 'Weekday evenings (5 pm to 7 pm)' },
  { id: 'saturday', label: 'Saturday mornings' },
];

export const contactMethodIds = ['phone', 'text', 'email'] as const;

export type ContactMethodId = (typeof contactMethodIds)[number];

export const contactMethodOptions: readonly { readonly id: ContactMethodId; readonly label: string }[] = [
  { id: 'phone', label: 'Phone call' },
  { id: 'text', label: 'Text message' },
  { id: 'email', label: 'Email' },
];
