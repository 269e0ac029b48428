import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, expectAccessible, login, test } from './fixtures.ts'

/** A Zoom export as the platform writes it: BOM, the meeting summary, then one row per join or leave. */
const report = [
  '\uFEFFMeeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
  '812 3456 7890,Voting day: walkthrough,12/03/2026 10:00:04 AM,12/03/2026 12:01:37 PM,trainer@example.org,122,3',
  '',
  'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent',
  'Аружан,aruzhan@example.org,12/03/2026 10:02:11 AM,12/03/2026 10:42:50 AM,41,No,Y',
  'Аружан,aruzhan@example.org,12/03/2026 10:51:30 AM,12/03/2026 11:26:02 AM,35,No,Y',
  'Samsung SM-A515F,,12/03/2026 10:05:00 AM,12/03/2026 11:33:12 AM,89,Yes,Y',
  'Гость,,12/03/2026 11:50:00 AM,12/03/2026 11:58:00 AM,8,Yes,Y',
].join('\r\n')

test('a lead imports a Zoom participant report: upload, columns, check with a hand match, import, and again changes nothing', async ({ page }) => {
  const sessionId = execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/e2e-live-session.ts'], {
    env: { ...process.env, DATABASE_URL: `file:${path.resolve('tests/.artifacts/e2e.db')}`, NODE_ENV: 'production', SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789' },
    encoding: 'utf8',
  }).trim()
  const file = test.info().outputPath('participants.csv')
  fs.writeFileSync(file, report)

  await login(page, 'lead@example.org')
  await page.goto(`/studio/sessions/${sessionId}/report?lng=en`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Participant report')
  await expectAccessible(page)
  await page.getByLabel('Participant report (CSV or Excel)').setInputFiles(file)
  await page.getByRole('button', { name: 'Upload and check' }).click()

  // The columns were guessed from Zoom's header under the summary.
  await expect(page.getByRole('heading', { name: 'Which column holds what' })).toBeVisible()
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue('1')
  await expectAccessible(page)
  await page.getByLabel('Minimum time in the meeting, minutes').fill('30')
  await page.getByRole('button', { name: 'Check the rows' }).click()

  await expect(page.getByRole('heading', { name: 'Check the matches' })).toBeVisible()
  await expect(page.getByRole('row', { name: /aruzhan@example.org/ })).toContainText('Matched by email')
  await expect(page.getByRole('row', { name: /aruzhan@example.org/ })).toContainText('76')
  await expect(page.getByRole('row', { name: /Гость/ })).toContainText('Not matched')
  await expectAccessible(page)
  // The phone's entry is Dana's: matched by hand to the registered volunteer.
  const phone = page.getByRole('row', { name: /Samsung/ })
  await phone.getByLabel('Match to a registered volunteer').selectOption({ label: 'Dana Volunteer' })
  await phone.getByRole('button', { name: 'Match' }).click()
  await expect(page.getByRole('row', { name: /Samsung/ })).toContainText('Matched by hand')
  await page.getByRole('button', { name: 'Import now' }).click()

  await expect(page.getByText('2 attendances recorded now.')).toBeVisible()
  await expectAccessible(page)
  // Importing the same report again records nothing new.
  await page.getByRole('link', { name: 'Back to the matches' }).click()
  await page.getByRole('button', { name: 'Import now' }).click()
  await expect(page.getByText('0 attendances recorded now.')).toBeVisible()
  await expect(page.getByText('2 people were already marked as attending.')).toBeVisible()
})
