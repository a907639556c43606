/**
 * Crisis resources shown on every public page and, immediately, whenever an answer is rated moderate or high
 * suicide risk. United States numbers: 988 Suicide & Crisis Lifeline (call or text 988, SAMHSA) and 911.
 */
export const crisisResources = {
  lifeline: {
    name: '988 Suicide & Crisis Lifeline',
    call: '988',
    text: '988',
    chatUrl: 'https://988lifeline.org/chat/',
  },
  emergency: { name: 'Emergency services', call: '911' },
  immediateSteps: [
    'If you might act on thoughts of ending your life, call 911 or go to the nearest emergency department now.',
    'Call or text 988 to talk to a trained counselor, any time, day or night. It is free and confidential.',
    'Stay with someone you trust, or ask someone to come and be with you.',
    'Move away from anything you could use to hurt yourself.',
  ],
} as const;
