// Preloaded (`node --require`) into every benchmarked process, runner and baseline alike: at exit it
// writes the process's own peak RSS and CPU time to the file named by BENCH_USAGE_FILE.
// Peak RSS is VmHWM from /proc: getrusage's maxRSS survives exec, so a child would report the
// forking parent's size when that is larger.
const { readFileSync, writeFileSync } = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    let maxRssKb = u.maxRSS;
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) maxRssKb = Number(m[1]);
    } catch {
      // not Linux: keep maxRSS
    }
    writeFileSync(file, JSON.stringify({ maxRssKb, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
