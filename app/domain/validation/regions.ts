import { z } from 'zod'
import { MAX_POLLING_STATIONS } from '../dashboard.ts'

const stationCount = z
  .number({ error: 'validation.pollingStations' })
  .int({ error: 'validation.pollingStations' })
  .min(0, { error: 'validation.pollingStations' })
  .max(MAX_POLLING_STATIONS, { error: 'validation.pollingStations' })

/** The admin's polling-station counts: one whole number per region, fields named `stations.<code>`. */
export function pollingStationsSchema(regionCodes: readonly string[]) {
  return z.object({ stations: z.object(Object.fromEntries(regionCodes.map((code) => [code, stationCount]))) })
}
