// Trainer worker: runs the same WebAssembly module as the page in trainer
// mode. The first message brings the compiled module and the data files;
// messages that arrive before Go is listening are queued for it.
"use strict";
importScripts("wasm_exec.js");

self.bplQueue = [];
self.onmessage = (e) => {
  if (e.data && e.data.boot) {
    self.bplBoot = e.data;
    const go = new Go();
    WebAssembly.instantiate(e.data.module, go.importObject).then((inst) => {
      go.run(inst).then(() => {
        self.postMessage({ crash: "the trainer stopped (exit code " + go.exitCode + ")" });
      });
    }).catch((err) => {
      self.postMessage({ crash: "the trainer could not start: " + err.message });
    });
    return;
  }
  self.bplQueue.push(e.data);
};
