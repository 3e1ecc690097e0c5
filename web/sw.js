// Service worker: keeps one build's files in a cache of their own, so that
// after one visit the app starts, trains and draws without a network.
//
// mkdist writes the build below (internal/offline): every file's SHA-256
// and an id made of them all. A new build is a new sw.js, which the browser
// installs beside the running one; it fills the cache "bpl-build-<id>" with
// exactly the files of its build (each checked against its hash: a host
// half-way through an upload is never taken for the new build) and then
// waits, so that a page shows the files of one build only. The page shows
// a notice (web/app.js), whose button activates the new worker; the old
// caches go then. Only caches named bpl-build-* are touched: the kept net
// (IndexedDB, localStorage) is not.
"use strict";
const BUILD = null; // written by mkdist (internal/offline)
const PREFIX = "bpl-build-";
const CACHE = PREFIX + BUILD.id;
const MATCH = { ignoreSearch: true, ignoreVary: true };

async function sha256(res) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", await res.clone().arrayBuffer()));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

// keep puts the file at key of this build into cache: from an older
// build's cache if it has the same bytes, else from the browser's HTTP
// cache (a first visit has just downloaded everything), else from the
// network, revalidated. Only the bytes of this build are kept.
async function keep(cache, older, key, want) {
  const have = await cache.match(key, MATCH);
  if (have && (await sha256(have)) === want) return;
  for (const c of older) {
    const r = await c.match(key, MATCH);
    if (r && (await sha256(r)) === want) {
      await cache.put(key, r);
      return;
    }
  }
  for (const mode of ["force-cache", "no-cache"]) {
    const r = await fetch(key, { cache: mode });
    if (r.ok && (await sha256(r)) === want) {
      await cache.put(key, r);
      return;
    }
  }
  throw new Error(key + " on the server is not the one of build " + BUILD.id);
}

self.addEventListener("install", (e) => {
  e.waitUntil((async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
    const older = await Promise.all(names.map((n) => caches.open(n)));
    const cache = await caches.open(CACHE);
    const eager = Object.entries(BUILD.files).filter(([, f]) => !f.lazy);
    await Promise.all(eager.map(([key, f]) => keep(cache, older, key, f.sha256)));
  })());
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)))));
});

// The page's update button (web/app.js) asks the waiting worker to take
// over; every page of the old build then reloads.
self.addEventListener("message", (e) => {
  if (e.data === "bpl-activate") self.skipWaiting();
});

// answer serves a file of this build: from the cache, else (a lazy file,
// or one the browser evicted) from the network, kept if it is this
// build's. A file of another build is refused rather than mixed in.
async function answer(key, f) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, MATCH);
  if (hit) return hit;
  const r = await fetch(key, { cache: "no-cache" });
  if (!r.ok) return r;
  if ((await sha256(r)) !== f.sha256) {
    return new Response("This file belongs to another build of Backprop Lab: reload the page.",
      { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  await cache.put(key, r.clone());
  return r;
}

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  let key = url.pathname.slice(scope.pathname.length);
  if (key === "" || key === "index.html") key = "./";
  const f = BUILD.files[key];
  if (!f) return; // not a file of the app: the network's answer
  e.respondWith(answer(key, f));
});
