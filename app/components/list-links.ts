import { useNavigate } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * Client-side navigation for plain `<a href data-discover="true">` links (a page of 50 recruits, the
 * site header): one click listener on their container instead of a Remix `<Link>` or `<NavLink>`
 * each, whose rendering (each resolving its address against the route tree, a NavLink also reading
 * the navigation state) was a fifth of the recruit list's server render (README, Speed).
 * `data-discover` is what a `<Link>` prints too: Remix's route discovery (and the page's early one,
 * route-discovery.tsx) finds the routes those links lead to before they are clicked; links without
 * it (the language switch) are left to the browser. A plain left click on such a same-origin link
 * moves within the app as a `<Link>` would; a click with a modifier key, a middle click, a link with
 * a target or a download, and any click before the page is hydrated are the browser's own, so every
 * link works without JavaScript too. Keyboard activation (Enter on a focused link) is a click as well.
 */
export function useListLinks<T extends HTMLElement>() {
  const list = useRef<T>(null)
  const navigate = useNavigate()
  useEffect(() => {
    const element = list.current
    if (!element) return
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
      const anchor = event.target instanceof Element ? event.target.closest('a[href][data-discover]') : null
      if (!(anchor instanceof HTMLAnchorElement) || !element.contains(anchor) || anchor.target || anchor.hasAttribute('download') || anchor.origin !== window.location.origin) return
      event.preventDefault()
      navigate(anchor.pathname + anchor.search + anchor.hash)
    }
    element.addEventListener('click', onClick)
    return () => element.removeEventListener('click', onClick)
  }, [navigate])
  return list
}

/** Whether a link to `to` is the current page or one under it (NavLink's rule, without `end`): "/" only itself. */
export function isActivePath(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/'
  return pathname === to || (pathname.startsWith(to) && pathname.charAt(to.length) === '/')
}
