// Boot loader: fetches the WebAssembly module and the bundled MNIST subset
// once, with progress, then starts the Go UI. The Go UI starts the trainer
// worker itself and hands it the same compiled module and data bytes, so
// nothing is downloaded twice. All files come from this page's own origin.
"use strict";
(function () {
  const msg = document.getElementById("boot-msg");
  const bar = document.getElementById("boot-progress");

  function fail(text) {
    const boot = document.getElementById("boot");
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
  window.bplFail = fail;

  // Vugu's renderer installs its helpers with window.eval. Our
  // Content-Security-Policy forbids eval, so the same helper script is loaded
  // as a file (vugu-render.js, extracted from Vugu at build time) and the eval
  // call becomes a no-op once the helpers are there.
  const realEval = window.eval;
  window.eval = function (src) {
    if (window.vuguRender) return undefined;
    return realEval(src);
  };

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    fail("This browser lacks WebAssembly or Web Workers, which Backprop Lab needs.");
    return;
  }

  async function fetchAll(manifest) {
    const files = manifest.files;
    const total = files.reduce((s, f) => s + f.size, 0);
    const done = new Array(files.length).fill(0);
    const show = () => {
      const d = done.reduce((a, b) => a + b, 0);
      bar.value = total ? Math.min(d / total, 1) : 0;
      msg.textContent = "Loading the net and the MNIST subset… " +
        (d / 1e6).toFixed(1) + " of " + (total / 1e6).toFixed(1) + " MB";
    };
    return Promise.all(files.map(async (f, i) => {
      const res = await fetch(f.path);
      if (!res.ok) throw new Error("could not load " + f.path + ": HTTP " + res.status);
      const reader = res.body.getReader();
      const chunks = [];
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        chunks.push(value);
        done[i] += value.length;
        show();
      }
      const out = new Uint8Array(done[i]);
      let off = 0;
      for (const c of chunks) { out.set(c, off); off += c.length; }
      return out;
    }));
  }

  async function boot() {
    const res = await fetch("manifest.json");
    if (!res.ok) throw new Error("could not load manifest.json: HTTP " + res.status);
    const manifest = await res.json();
    const bytes = await fetchAll(manifest);
    msg.textContent = "Compiling…";
    const files = {};
    manifest.files.forEach((f, i) => { files[f.name] = bytes[i]; });
    const module = await WebAssembly.compile(files["main.wasm"]);
    delete files["main.wasm"];
    // Read by the Go UI (wasm/ui): the module for the worker and the data files.
    window.bplBoot = { module: module, files: files, manifest: manifest };
    const go = new Go();
    const inst = await WebAssembly.instantiate(module, go.importObject);
    msg.textContent = "Starting…";
    go.run(inst).then(() => {
      fail("The app stopped unexpectedly. Reload the page to start again.");
    });
  }

  boot().catch((e) => fail("Backprop Lab could not start: " + e.message));
})();
