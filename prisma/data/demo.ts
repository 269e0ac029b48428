/** Demo accounts. Fictional people and organisations only; the run command prints these logins. */
export const DEMO_PASSWORD = 'observer-demo-2026'

export const demoAccounts = [
  { email: 'admin@example.org', name: 'Aigerim Admin', role: 'coalition admin', isAdmin: true },
  { email: 'lead@example.org', name: 'Nurlan Lead', role: 'NGO lead, Dala Civic Watch (demo)', isAdmin: false },
  { email: 'trainer@example.org', name: 'Saule Trainer', role: 'trainer, Dala Civic Watch (demo)', isAdmin: false },
  { email: 'volunteer@example.org', name: 'Dana Volunteer', role: 'volunteer', isAdmin: false },
  { email: 'lead2@example.org', name: 'Yerlan Lead', role: 'NGO lead, Tulpar Youth Observers (demo)', isAdmin: false },
  { email: 'aruzhan@example.org', name: 'Аружан Серікқызы', role: 'volunteer who passed the exam (has a certificate)', isAdmin: false },
] as const

/** A fixed code so the run command can print a certificate anyone can verify. */
export const DEMO_CERTIFICATE_CODE = 'DEMQ2-K7XPA'

export const demoNgos = [
  {
    slug: 'dala-watch',
    name: 'Dala Civic Watch (demo)',
    description: 'A fictional coalition member that observes elections in Almaty and the south.',
    regions: ['KZ-75', 'KZ-19', 'KZ-33'],
    accreditationBody: 'TERRITORIAL' as const,
    accreditationIssuer: 'Almaty city territorial election commission (demo)',
  },
  {
    slug: 'tulpar-youth',
    name: 'Tulpar Youth Observers (demo)',
    description: 'A fictional student network in Astana and the north.',
    regions: ['KZ-71', 'KZ-11', 'KZ-59'],
    accreditationBody: 'CENTRAL' as const,
    accreditationIssuer: null,
  },
  {
    slug: 'zhuldyz-civic',
    name: 'Zhuldyz Civic Initiative (demo)',
    description: 'A fictional association in the west of the country.',
    regions: ['KZ-15', 'KZ-23', 'KZ-27', 'KZ-47'],
    accreditationBody: null,
    accreditationIssuer: null,
  },
] as const
