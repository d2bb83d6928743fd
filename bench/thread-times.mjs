#!/usr/bin/env node
// Per-thread times of a command, from /proc/PID/task/*/{stat,schedstat} sampled every few ms: CPU, time waiting
// for a core (run queue: the machine's load) and time asleep by choice (waiting for another thread, a timer or the
// disk): on a loaded machine the last says which thread waits for which, where wall times mean little.
//   node bench/thread-times.mjs node out/cli.js --db DB import FILE --dataset pool --preset s1 --json
// Threads that used under 0.05 CPU-s are left out; MAIN is the process's first thread. STATES=1 also prints each
// thread's sampled states (R running or runnable, S asleep, D disk) in order, to stderr.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setInterval, clearInterval } from 'node:timers';

const args = process.argv.slice(2);
if (!args.length) throw new Error('usage: node bench/thread-times.mjs COMMAND [ARGS...]');
const HZ = 100; // USER_HZ: /proc's tick
const t0 = performance.now();
const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
const threads = new Map();
function sample() {
  const now = performance.now() - t0;
  let tasks = [];
  try { tasks = readdirSync(`/proc/${child.pid}/task`); } catch { return; }
  for (const tid of tasks) {
    let stat;
    let sched;
    try {
      stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
      sched = readFileSync(`/proc/${child.pid}/task/${tid}/schedstat`, 'utf8').split(' ');
    } catch { continue; } // the thread ended
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let t = threads.get(tid);
    if (!t) threads.set(tid, t = { tid, first: now, states: [] });
    t.last = now;
    t.cpu = (Number(f[11]) + Number(f[12])) / HZ;
    t.run = Number(sched[0]) / 1e9;
    t.runq = Number(sched[1]) / 1e9;
    if (process.env.STATES) t.states.push(f[0]);
  }
}
const timer = setInterval(sample, 5);
const code = await new Promise((r) => child.on('exit', r));
clearInterval(timer);
console.log(`wall ${((performance.now() - t0) / 1000).toFixed(2)} s, exit ${code}`);
const shown = [...threads.values()].filter((t) => t.cpu >= 0.05 || t.tid === String(child.pid));
const s = (x) => x.toFixed(2).padStart(6);
for (const t of shown) {
  const life = (t.last - t.first) / 1000;
  console.log(`${t.tid === String(child.pid) ? 'MAIN  ' : 'thread'} from ${s(t.first / 1000)} s for ${s(life)} s: cpu ${s(t.cpu)}, run queue ${s(t.runq)}, asleep ${s(life - t.run - t.runq)}`);
  if (process.env.STATES) console.error(t.tid, t.states.join(''));
}
console.log(`all threads: cpu ${[...threads.values()].reduce((a, t) => a + t.cpu, 0).toFixed(2)} s`);
