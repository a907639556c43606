export const contactText = (c: { name: string | null; phone: string | null; relationship: string | null }): string =>
  c.name
    ? [c.name, c.relationship ? `(${c.relationship.toLowerCase()})` : '', c.phone ?? ''].filter(Boolean).join(' ')
    : 'Not recorded';
