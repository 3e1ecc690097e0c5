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

self.bplQueue = [];
self.onmessage = (e) => {
  if (e.data && e.data.boot) {
    self.bplBoot = e.data;
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
