/**
 * A language link's address: this page with `lng` set, keeping the page's query (a list's filters
 * and page) when it is of a size a person makes. A longer query (a pasted or crafted address of
 * kilobytes) is not copied into each language link of the page: the link then keeps only `lng`.
 */
export const LANGUAGE_LINK_QUERY_LIMIT = 1024

export function languageHref(pathname: string, search: string, lng: string): string {
  const params = new URLSearchParams(search.length <= LANGUAGE_LINK_QUERY_LIMIT ? search : '')
  params.set('lng', lng)
  return `${pathname}?${params}`
}
