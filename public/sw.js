// The site's service worker: it keeps this build's own files, so that after a first load the app
// opens, and runs its first import, with no network. It answers from the network first (a new
// build shows at once) and from its copy when the network fails. It holds nothing but the site's
// files: a user's data is read from their disk by the page and never passes through fetch.
// scripts/postbuild.py writes the build's version and file list in; the cache is per scope, so
// two copies of the site under two sub-paths of one host keep theirs apart.
const PREFIX = 'persona-studio ' + self.registration.scope + ' ';
const CACHE = PREFIX + '__VERSION__';
const FILES = __FILES__;

self.addEventListener('install', (e) => {
  // checked with the server, not taken from the browser's HTTP cache as it is: the copy must be
  // this build's, not an older file of the same name (a server that can say "not modified"
  // sends no file twice)
  const fresh = FILES.map((f) => new Request(f, { cache: 'no-cache' }));
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(fresh)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  const old = (k) => k.startsWith(PREFIX) && k !== CACHE;
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter(old).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// (the app's pages live in the URL's fragment, so the page itself is './' or './index.html';
// another path under the scope, another app on a host whose root holds this one, gets the
// browser's own offline page)
self.addEventListener('fetch', (e) => {
  const r = e.request;
  if (r.method !== 'GET' || !r.url.startsWith(self.registration.scope)) return;
  const kept = () => caches.open(CACHE).then((c) => c.match(r, { ignoreSearch: true })).then((hit) => hit || Response.error());
  e.respondWith(fetch(r).catch(kept));
});
