/**
 * What the coalition's election-day pages share: the campaign they are about, chosen by
 * `?campaign=<slug>` (the newest election when none or an unknown one is given).
 */
import { rosterCampaigns } from '~/server/rosters/rosters.server.ts'

export async function campaignFromQuery(url: URL) {
  const campaigns = await rosterCampaigns()
  const slug = url.searchParams.get('campaign')
  return { campaigns, campaign: campaigns.find((c) => c.slug === slug) ?? campaigns[0] ?? null }
}
