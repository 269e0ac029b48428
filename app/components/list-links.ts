import { useNavigate } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * Client-side navigation for the plain `<a href>` links of a long list (a page of 50 recruits): one
 * click listener on the list instead of a Remix `<Link>` per row, whose rendering (each resolving its
 * address against the route tree) was a fifth of the recruit list's server render (README, Speed).
 * A plain left click on a same-origin link inside the list moves within the app as a `<Link>` would;
 * a click with a modifier key, a middle click, a link with a target or a download, and any click
 * before the page is hydrated are the browser's own, so every link works without JavaScript too.
 * Keyboard activation (Enter on a focused link) is a click as well.
 */
export function useListLinks<T extends HTMLElement>() {
  const list = useRef<T>(null)
  const navigate = useNavigate()
  useEffect(() => {
    const element = list.current
    if (!element) return
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
      const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null
      if (!(anchor instanceof HTMLAnchorElement) || !element.contains(anchor) || anchor.target || anchor.hasAttribute('download') || anchor.origin !== window.location.origin) return
      event.preventDefault()
      navigate(anchor.pathname + anchor.search + anchor.hash)
    }
    element.addEventListener('click', onClick)
    return () => element.removeEventListener('click', onClick)
  }, [navigate])
  return list
}
