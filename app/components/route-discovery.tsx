/**
 * Remix learns which routes serve the page's links only after hydration (lazy route discovery: one
 * `/__manifest?p=…&version=…` request naming every link and form of the page). On a phone's slow link
 * that request was the last thing the page did, a whole round trip after the load event (issue 15).
 *
 * This script, parsed right after the page's last link and before any module runs, asks for the same
 * address while the scripts are still downloading, and hands that answer to Remix's own request for
 * the same address: `fetch` is wrapped until that one call, which gets the response already on its way
 * (then `fetch` is the browser's own again). A phone then makes no request after hydration; before,
 * Remix's came a hydration after the load event, answered from the browser's cache (the edge sends
 * discovery answers with MANIFEST_CACHE, app/cli/http-edge.ts: they name route modules only, fixed for
 * one build, so later pages' discovery is cached too). Anything but a 200 (a stale version's 204, a
 * network failure) is not handed over: Remix then asks the network itself and handles it as it always
 * did.
 *
 * The address is built as @remix-run/react's fog-of-war.js builds it: the path of every
 * `a[data-discover]` and `form[data-discover]`, deduplicated, sorted, each as a `p`, then the build's
 * version; nothing when the visitor asked to save data (Remix then discovers nothing up front either).
 * If Remix ever built it differently, its request would simply go to the network, as before.
 */
import { UNSAFE_RemixContext } from '@remix-run/react'
import { useContext } from 'react'

/** The script's text for a build version (what it asks for is checked in tests/e2e/courses.spec.ts and assets-http.test.ts). */
export function routeDiscoveryScript(version: string): string {
  return `(function(){try{
if(navigator.connection&&navigator.connection.saveData)return;
var paths=new Set();
document.body.querySelectorAll('a[data-discover],form[data-discover]').forEach(function(el){
var path=el.tagName==='FORM'?el.getAttribute('action'):el.getAttribute('href');
if(path)paths.add(new URL(path,location.origin).pathname)});
if(!paths.size)return;
var url=new URL('/__manifest',location.origin);
Array.from(paths).sort().forEach(function(path){url.searchParams.append('p',path)});
url.searchParams.set('version',${JSON.stringify(version)});
var href=url.toString();
if(href.length>7680)return;
var platform=window.fetch;
var early=platform(href).then(function(r){return r.status===200?r:null},function(){return null});
window.fetch=function(input,init){
if((input instanceof Request?input.url:String(input))!==href)return platform.apply(this,arguments);
window.fetch=platform;
return early.then(function(r){return r||platform(input,init)});
};
}catch(e){}})()`
}

export function RouteDiscovery({ nonce }: { nonce: string }) {
  const remix = useContext(UNSAFE_RemixContext)
  const version = remix?.manifest.version
  if (!version || !remix.future.v3_lazyRouteDiscovery) return null
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: routeDiscoveryScript(version) }} />
}
