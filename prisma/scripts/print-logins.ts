import { demoAccounts, DEMO_CERTIFICATE_CODE, DEMO_PASSWORD } from '../data/demo.ts'

console.log('\nDemo logins (password for all: ' + DEMO_PASSWORD + '):')
for (const a of demoAccounts) console.log(`  ${a.email.padEnd(24)} ${a.role}`)
console.log(`\nA demo certificate anyone can check: /verify/${DEMO_CERTIFICATE_CODE}`)
console.log('The lead of Dala Civic Watch sees about 70 demo recruits (nine certified, on the roster) at /ngo/dala-watch; volunteers apply at /apply; the trainer edits and publishes the course at /studio.\n')
