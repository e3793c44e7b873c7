// Preloaded into the benchmark's backend (node --expose-gc --require): on SIGUSR2 it runs a full
// garbage collection and writes the process's memory figures to $KSML_BENCH_MEMORY_FILE, so the
// benchmark compares live memory rather than whatever the collector has not yet freed.
const { writeFileSync } = require('node:fs');

const file = process.env.KSML_BENCH_MEMORY_FILE;
if (file && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    global.gc(); // a second pass frees what the first one's finalizers released
    const usage = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ ...usage, at: Date.now() }));
  });
}
