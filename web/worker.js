// Trainer worker: runs the same WebAssembly module as the page in trainer
// mode. The first message brings the compiled module and the data files;
// messages that arrive before Go is listening are queued for it.
"use strict";
importScripts("wasm_exec.js");

// The last lines Go printed (a panic's message and stack), for crash reports.
const tail = [];
const log = console.log.bind(console);
console.log = (...args) => {
  tail.push(args.join(" "));
  if (tail.length > 12) tail.shift();
  log(...args);
  self.postMessage({ log: args.join(" ") });
};

// The data files. The page asks the trainer to fetch the training files
// itself, as soon as main.wasm has arrived ({fetch: [{name, path}]}), so
// that their bytes flow into this thread while the page's Go starts, and
// sends its own test set with the module ({boot, module, pageFiles}).
// bplFiles (read by worker/run_js.go) is all of them; a helper gets its
// files with its module instead.
let own = Promise.resolve({});
function fetchFiles(list) {
  return Promise.all(list.map((f) => fetch(f.path).then((res) => {
    if (!res.ok) throw new Error("could not load " + f.path + ": HTTP " + res.status);
    return res.arrayBuffer();
  }).then((b) => [f.name, new Uint8Array(b)]))).then(Object.fromEntries);
}

self.bplQueue = [];
self.onmessage = (e) => {
  if (e.data && e.data.fetch) {
    own = fetchFiles(e.data.fetch);
    own.catch(() => {}); // reported through bplFiles
    return;
  }
  if (e.data && e.data.boot) {
    self.bplBoot = e.data;
    if (e.data.pageFiles) self.bplFiles = own.then((o) => Object.assign({}, e.data.pageFiles, o));
    const go = new Go();
    let code = 0;
    const exit = go.exit;
    go.exit = (c) => { code = c; exit(c); };
    WebAssembly.instantiate(e.data.module, go.importObject).then((inst) => {
      // The size of this instance's memory, reported with each epoch.
      self.bplMemory = () => inst.exports.mem.buffer.byteLength;
      go.run(inst).then(() => {
        const first = tail.find((l) => l.startsWith("panic:")) || tail.join(" | ");
        self.postMessage({ crash: "the trainer stopped (exit code " + code + ")" + (first ? ": " + first : "") });
      });
    }).catch((err) => {
      self.postMessage({ crash: "the trainer could not start: " + err.message });
    });
    return;
  }
  self.bplQueue.push(e.data);
};
