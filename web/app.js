// Boot loader: starts the trainer worker, fetches the WebAssembly module
// and the test set with progress, then starts the Go UI, which takes the
// worker over. The worker gets the same compiled module and the test set's
// bytes, and fetches the training set itself, so nothing is downloaded
// twice. All files come from this page's own origin.
"use strict";
(function () {
  const msg = document.getElementById("boot-msg");
  const bar = document.getElementById("boot-progress");

  // The page's language: the user's earlier choice (localStorage
  // "bpl-lang"), else Korean when the browser's first language is Korean,
  // else English. It goes into <html lang>, where the Go UI reads it.
  const STORE = "bpl-lang";
  function pickLang(stored, langs) {
    if (stored === "en" || stored === "ko") return stored;
    const first = String((langs && langs[0]) || "").toLowerCase();
    return first.startsWith("ko") ? "ko" : "en";
  }
  function storedLang() {
    try { return window.localStorage.getItem(STORE); } catch (e) { return null; }
  }
  const browserLangs = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language];
  // Called by the Go UI when the user picks a language.
  function setLang(lang) {
    document.documentElement.lang = lang;
    try { window.localStorage.setItem(STORE, lang); } catch (e) { /* no storage: the choice lasts this visit */ }
    showLang();
  }
  // What follows the page's language outside the Go UI: the web app
  // manifest (its name and description in that language, for installing)
  // and the update notice.
  function showLang() {
    const link = document.querySelector('link[rel="manifest"]');
    const href = document.documentElement.lang === "ko" ? "app.ko.webmanifest" : "app.webmanifest";
    if (link && link.getAttribute("href") !== href) link.setAttribute("href", href);
    const n = document.querySelector('[data-testid="update-ready"]');
    if (n) {
      const sw = shownWords();
      n.querySelector("span").textContent = sw.updateReady;
      n.querySelector("button").textContent = sw.updateReload;
    }
  }
  window.bplPickLang = pickLang;
  window.bplSetLang = setLang;
  const lang = pickLang(storedLang(), browserLangs);
  document.documentElement.lang = lang;

  // The boot screen's words (the Go UI has its own, ui/labels_*.go).
  const words = {
    en: {
      loading: "Loading…",
      fetching: (pct) => "Loading the net and the MNIST subset… " + pct + "%",
      starting: "Starting…",
      noWasm: "This browser lacks WebAssembly or Web Workers, which Backprop Lab needs.",
      stopped: "The app stopped unexpectedly. Reload the page to start again.",
      error: "error", // the status, as ui/i18n/en.go's StError
      cannotStart: (why) => "Backprop Lab could not start: " + why,
      renderer: (why) => why,
      updateReady: "A new version of Backprop Lab is ready.",
      updateReload: "Reload to update",
    },
    ko: {
      loading: "불러오는 중…",
      fetching: (pct) => "신경망과 MNIST 데이터를 불러오는 중… " + pct + "%",
      starting: "시작하는 중…",
      noWasm: "이 브라우저에는 Backprop Lab에 필요한 WebAssembly나 웹 워커가 없습니다.",
      stopped: "앱이 예기치 않게 멈췄습니다. 페이지를 새로 고쳐 다시 시작하세요.",
      error: "오류", // ui/i18n/ko.go's StError
      cannotStart: (why) => "Backprop Lab을 시작하지 못했습니다. 페이지를 새로 고쳐 보세요. (" + why + ")",
      renderer: (why) => "페이지가 화면을 그리지 못했습니다. 페이지를 새로 고쳐 보세요. (" + why + ")",
      updateReady: "Backprop Lab의 새 버전이 준비되었습니다.",
      updateReload: "새로 고쳐 업데이트",
    },
  };
  const w = words[lang];
  // The words of the language the page shows now (the user may have
  // switched since it loaded).
  const shownWords = () => words[document.documentElement.lang === "ko" ? "ko" : "en"];
  msg.textContent = w.loading;
  showLang();

  function fail(text) {
    let boot = document.getElementById("boot");
    const appError = document.querySelector('[data-testid="error"]');
    if (!boot && appError) {
      // The Go UI had started (it removes the boot screen) and stopped:
      // the app's status and alert say so, as for its own fatal errors.
      // Nothing on the page answers any more.
      const status = document.querySelector('[data-testid="status"]');
      const label = document.querySelector('[data-testid="status-text"]');
      status.textContent = status.dataset.state = "error";
      if (label) {
        label.textContent = shownWords().error;
        label.dataset.state = "error";
      }
      appError.className = "alert alert-fatal";
      appError.textContent = text;
      return;
    }
    if (!boot) {
      boot = Object.assign(document.createElement("div"), { id: "boot", className: "boot" });
      boot.append(msg, bar);
      document.body.prepend(boot);
    }
    boot.classList.add("boot-error");
    msg.textContent = text;
    bar.hidden = true;
    // The test hooks exist even when the app never started.
    let st = document.querySelector('[data-testid="status"]');
    if (!st) {
      st = document.createElement("span");
      st.setAttribute("data-testid", "status");
      st.hidden = true;
      boot.appendChild(st);
      const er = document.createElement("p");
      er.setAttribute("data-testid", "error");
      er.setAttribute("role", "alert");
      boot.appendChild(er);
    }
    st.textContent = "error";
    document.querySelector('[data-testid="error"]').textContent = text;
  }
  // The Go UI reports a start failure in English (ui/run_js.go).
  window.bplFail = (text) => fail(w.renderer(text));

  // bplPatch makes a batch of writes of the Go UI into the page (ui/patch_js.go)
  // in one call: elements separated by \x1e, each a CSS selector followed by
  // pairs of a key and a value, all separated by \x1f. The key "" sets the
  // element's text, any other key that attribute. A value already there is
  // not written again (no restyle, no mutation).
  window.bplPatch = (s) => {
    for (const rec of s.split("\x1e")) {
      const f = rec.split("\x1f");
      const e = document.querySelector(f[0]);
      if (!e) continue;
      for (let i = 1; i + 1 < f.length; i += 2) {
        const k = f[i], v = f[i + 1];
        if (k === "") {
          if (e.textContent !== v) e.textContent = v;
        } else if (e.getAttribute(k) !== v) {
          e.setAttribute(k, v);
        }
      }
    }
  };

  // The kept net (ui/model/keep.go) lives in IndexedDB: database
  // "backprop-lab", object store "kept", a weights file's bytes under the
  // model's key. The slot is read while the files download, so that the Go
  // UI finds it at once (bplBoot.kept: {entries: {key: Uint8Array}, error});
  // the Go UI writes through bplKeep, whose promises reject when a write
  // fails, and reports that while the page is shown (ui/dom/browser_js.go).
  function keptRequest(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  const keptDB = new Promise((resolve, reject) => {
    if (!self.indexedDB) throw new Error("this browser has no IndexedDB");
    const req = indexedDB.open("backprop-lab", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("kept");
    req.onblocked = () => reject(new Error("IndexedDB is held by another tab of this page"));
    keptRequest(req).then(resolve, reject);
  });
  // keptTx runs op on the object store in a transaction of mode and
  // resolves with op's result once the transaction has committed.
  const keptTx = (mode, op) => keptDB.then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction("kept", mode);
    let out;
    tx.oncomplete = () => resolve(out);
    tx.onabort = () => reject(tx.error || new Error("the transaction was aborted"));
    try {
      out = op(tx.objectStore("kept"));
    } catch (e) {
      reject(e);
      try { tx.abort(); } catch (e2) { /* already finished */ }
    }
  }));
  const keptRead = keptTx("readonly", (st) => {
    const entries = {};
    const req = st.openCursor();
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return;
      if (typeof c.key === "string" && c.value instanceof Uint8Array) entries[c.key] = c.value;
      c.continue();
    };
    return entries;
  }).then((entries) => ({ entries }), (e) => ({
    entries: {},
    // Without IndexedDB there is nothing to read; the first write says so.
    error: self.indexedDB ? String((e && e.message) || e) : "",
  }));
  window.bplKeep = {
    put: (key, bytes) => keptTx("readwrite", (st) => { st.put(bytes, key); }),
    remove: (key) => keptTx("readwrite", (st) => { st.delete(key); }),
  };

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail(w.noWasm);
    return;
  }

  // download fetches the page's own files: main.wasm and the test set,
  // which the Go UI reads before its first render. It returns at once:
  // module is the compiled main.wasm once page resolves, files the test
  // set's bytes (name -> Uint8Array), rest the manifest's other files (the
  // training set, which only the trainer needs), arrived a promise that
  // main.wasm's bytes are all here. main.wasm is compiled while it
  // downloads (WebAssembly.compileStreaming); a copy of its stream only
  // counts the bytes for the progress bar: compiling while the bytes
  // arrive makes the page ready sooner.
  function download(manifest) {
    const forPage = (name) => name === "main.wasm" || name.startsWith("test-");
    const list = manifest.files.filter((f) => forPage(f.name));
    const total = list.reduce((s, f) => s + f.size, 0);
    const done = new Array(list.length).fill(0);
    const out = { module: null, files: {}, wasmFrom: "", rest: manifest.files.filter((f) => !forPage(f.name)) };
    const show = () => {
      const d = done.reduce((a, b) => a + b, 0);
      bar.value = total ? Math.min(d / total, 1) : 0;
      // Sizes are of the files as the page uses them; the server sends
      // them compressed (about a fifth), so the share is what is shown.
      msg.textContent = w.fetching(total ? Math.min(Math.floor(100 * d / total), 100) : 0);
    };
    // count reads stream to its end, adding its bytes to done[i]; with keep
    // it returns them as one array.
    const count = async (stream, i, keep) => {
      const reader = stream.getReader();
      const chunks = [];
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        if (keep) chunks.push(value);
        done[i] += value.length;
        show();
      }
      if (!keep) return null;
      const bytes = new Uint8Array(done[i]);
      let off = 0;
      for (const c of chunks) { bytes.set(c, off); off += c.length; }
      return bytes;
    };
    let arrived;
    out.arrived = new Promise((resolve) => { arrived = resolve; });
    const fetchOne = async (f, i) => {
      const res = await fetch(f.path);
      if (!res.ok) throw new Error("could not load " + f.path + ": HTTP " + res.status);
      if (f.name !== "main.wasm") {
        out.files[f.name] = await count(res.body, i, true);
        return;
      }
      // compileStreaming needs the Content-Type application/wasm. From a
      // server that sends it, the response itself is compiled and a clone
      // is counted: the response keeps its URL and its entry in the HTTP
      // cache, where the browser keeps the code it optimized during a visit
      // for the next one (a new Response keeps none), and the clone's copy
      // is made natively. Any other server's body is compiled as a new
      // Response (of the same body).
      const counted = res.clone().body;
      const typed = (res.headers.get("Content-Type") || "").toLowerCase() === "application/wasm";
      out.wasmFrom = typed ? "response" : "copy";
      const source = typed ? res : new Response(res.body, { headers: { "Content-Type": "application/wasm" } });
      const [module] = await Promise.all([WebAssembly.compileStreaming(source), count(counted, i, false).then(arrived)]);
      out.module = module;
    };
    out.page = Promise.all(list.map(fetchOne)).then(() => {
      if (!out.module) throw new Error("manifest.json lists no main.wasm");
    });
    return out;
  }

  // Font warm-up. The app's first layout needs a font "strike" for each
  // weight and size it uses, and a fallback font for each character that the
  // main font lacks (Hangul, arrows, subscripts). Each is a synchronous call
  // to the browser process, slow when the page's Go, the trainer's data
  // check and V8's background compiler share few cores, and the first
  // layout waited for all of them. So an invisible sample of every style is
  // laid out while the downloads run, when the main thread has nothing else
  // to do; the app's layout then finds the fonts resolved.
  // The list is the app's [font weight, size in px, characters beyond ASCII
  // in that style], read from the page; the end-to-end test TestFontWarmUp
  // fails, naming what to add, when the page uses a style that is missing.
  const warmStyles = [
    [700, 23.2, ""], [400, 14.72, "“”"], [400, 13.6, "←→·∂−²×"], [400, 16, "한국어·←→—“”"],
    [600, 16, "▶❚"], [700, 16.8, ""], [400, 15.2, "…−"], [400, 12, "₁₀‖×"], [600, 18.4, ""],
    [400, 13.12, "×–→"], [400, 12.48, "×"], [400, 14.4, "–…✓"], [400, 14.08, "–"], [400, 13, "₁₀‖"],
    [400, 11.5, ""], [400, 12.8, "≈–“”"], [700, 13.12, ""], [400, 14, "∂"], [400, 11.2, ""],
    [400, 13.28, "“”✓ᵀ"], [600, 14.4, ""], [700, 13.6, "−…"], [700, 16, "·"], [700, 15.2, ""],
    [400, 15, ""], [400, 11, "×"], [600, 15, "←−·∂"], [700, 18.72, ""],
  ];
  const warmMono = [[600, 12.8, "←→↑↓"], [400, 13.6, ""]]; // ui-monospace, monospace
  window.bplFontWarm = { styles: warmStyles, mono: warmMono };
  function warmFonts() {
    const box = document.createElement("div");
    box.setAttribute("aria-hidden", "true");
    box.style.cssText = "position:absolute;left:-10000px;top:0;visibility:hidden;white-space:nowrap";
    // The Korean page has Hangul in every style.
    const extra = lang === "ko" ? " 한글가나다" : "";
    const add = (list, family) => {
      for (const [weight, size, chars] of list) {
        const s = document.createElement("span");
        s.style.fontWeight = String(weight);
        s.style.fontSize = size + "px";
        if (family) s.style.fontFamily = family;
        s.textContent = "Aa09 " + chars + extra;
        box.appendChild(s);
      }
    };
    add(warmStyles, "");
    add(warmMono, "ui-monospace, monospace");
    document.body.appendChild(box);
    void box.offsetWidth; // lay it out now, not at the next frame
    return box;
  }

  async function boot() {
    // The trainer worker starts at once (its script loads while the files
    // download) and gets the module and the data once they are here, so
    // that it checks and decodes the data while the page's own Go starts:
    // two cores work instead of one. Its messages wait in early until the
    // Go UI takes the worker over.
    const worker = new Worker("worker.js");
    const early = [];
    const keep = (e) => { early.push(e); };
    let taken = false;
    worker.addEventListener("message", keep);
    worker.addEventListener("error", keep);
    const res = await fetch("manifest.json");
    if (!res.ok) throw new Error("could not load manifest.json: HTTP " + res.status);
    const manifest = await res.json();
    const dl = download(manifest);
    const warm = warmFonts(); // after the downloads have started
    // The trainer fetches the training files itself (web/worker.js), in
    // its own thread, while the page's Go starts: fetched by the page,
    // their bytes waited for its main thread, busy starting Go. It starts
    // once main.wasm has arrived, which then arrives sooner (fewer bytes
    // are decompressed and handed over at once).
    // A trainer worker starts from two messages (web/worker.js): fetchMsg,
    // then bootMsg.
    const fetchMsg = { fetch: dl.rest };
    dl.arrived.then(() => worker.postMessage(fetchMsg));
    await dl.page;
    msg.textContent = w.starting;
    const bootMsg = { boot: true, module: dl.module, pageFiles: dl.files };
    worker.postMessage(bootMsg);
    // Read by the Go UI (ui/run_js.go): the module and bootWorker (for a
    // restarted worker), the test set's files, and the running worker with
    // the events it sent so far, handed over once.
    window.bplBoot = {
      module: dl.module, files: dl.files, manifest: manifest, wasmFrom: dl.wasmFrom,
      bootWorker: (to) => {
        to.postMessage(fetchMsg);
        to.postMessage(bootMsg);
      },
      // A race's trainer: the same, without helpers of its own.
      bootRace: (to) => {
        to.postMessage(fetchMsg);
        to.postMessage(Object.assign({}, bootMsg, { role: "race" }));
      },
      takeWorker: () => {
        if (!taken) {
          taken = true;
          worker.removeEventListener("message", keep);
          worker.removeEventListener("error", keep);
          return { worker: worker, early: early.splice(0) };
        }
        return null;
      },
    };
    const go = new Go();
    const inst = await WebAssembly.instantiate(dl.module, go.importObject);
    // The kept net was read during the downloads; a storage that does not
    // answer in time must not hold the page back.
    window.bplBoot.kept = await Promise.race([keptRead, new Promise((resolve) => {
      setTimeout(() => resolve({ entries: {}, error: "IndexedDB did not answer within 5 s" }), 5000);
    })]);
    // The size of the page's WebAssembly memory, shown in data-testid="memory".
    window.bplBoot.memory = () => inst.exports.mem.buffer.byteLength;
    warm.remove();
    go.run(inst).then(() => {
      fail(shownWords().stopped);
    });
  }

  boot().catch((e) => fail(w.cannotStart(e.message)));

  // Offline: the service worker (web/sw.js) keeps this build's files. On a
  // first visit it is registered once the page is no longer loading, so
  // that it finds every file in the HTTP cache that the page has just
  // filled (nothing is downloaded twice). A new build is found by the
  // browser's own check of sw.js at each visit; once its worker has all its
  // files it waits, and the page says so, in its language, with a button
  // that lets it take over. A page whose worker changes reloads, so that
  // no page runs on the files of two builds.
  function offline() {
    if (!("serviceWorker" in navigator)) return;
    const sw = navigator.serviceWorker;
    const controlled = !!sw.controller;
    let reloading = false;
    sw.addEventListener("controllerchange", () => {
      if (controlled && !reloading) {
        reloading = true;
        location.reload();
      }
    });
    const notice = (reg) => {
      if (!reg.waiting || !sw.controller || document.querySelector('[data-testid="update-ready"]')) return;
      const n = document.createElement("div");
      n.className = "update-notice";
      n.setAttribute("data-testid", "update-ready");
      n.setAttribute("role", "status");
      const text = document.createElement("span");
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-testid", "update-reload");
      b.addEventListener("click", () => {
        b.disabled = true;
        if (reg.waiting) reg.waiting.postMessage("bpl-activate");
      });
      n.append(text, " ", b);
      document.body.append(n);
      showLang();
    };
    const register = () => sw.register("sw.js").then((reg) => {
      notice(reg);
      reg.addEventListener("updatefound", () => {
        const next = reg.installing;
        if (next) next.addEventListener("statechange", () => { if (next.state === "installed") notice(reg); });
      });
    }, (e) => {
      // The app works without it, online.
      console.warn("Backprop Lab will not work offline: " + ((e && e.message) || e));
    });
    if (controlled) {
      register();
      return;
    }
    const started = performance.now();
    const wait = () => {
      const st = document.querySelector('[data-testid="status"]');
      const state = st && (st.dataset.state || st.textContent);
      if ((state && state !== "loading") || performance.now() - started > 120000) register();
      else setTimeout(wait, 250);
    };
    wait();
  }
  offline();
})();
