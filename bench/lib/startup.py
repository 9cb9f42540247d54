#!/usr/bin/env python3
"""bench/startup.sh's measurements (issue 18, goal 3); see that script for what is measured and how to run it.

  startup.py first ROOT OUT N VARIANTS...        launch -> first request on a loopback server of its own
  startup.py cpu ROOT OUT N URL LOAD DURATION VARIANTS...   CPU per request, first 10 s against the steady state
                                (LOAD: loadgen's load flags in one argument, e.g. '--rate 2000/s --max-users 1000')
  startup.py latency ROOT OUT N URL VARIANTS...   p50 and p99 of a 5 s run (its first 5 s) against wrk's

A variant is a name from VARIANTS below, or url-warm-D / url-no-aot-warm-D (--self-warm D). Launches of the variants alternate (round 1 of each, then round 2...),
so that a change in the machine's load falls on all of them alike. Each launch holds /tmp/loadgen-bench.lock.
"""
import fcntl, json, os, statistics, subprocess, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

# name -> (extra environment, extra arguments); "help" is timed to its exit, the others to their first request
VARIANTS = {
    'url': ({}, []),
    'help': ({}, ['--help']),
    'url-no-aot': ({'LOADGEN_AOT': 'off'}, []),
    'url-no-warm': ({}, ['--self-warm', '0']),
    'url-no-aot-no-warm': ({'LOADGEN_AOT': 'off'}, ['--self-warm', '0']),
}
CLK_TCK = os.sysconf('SC_CLK_TCK')


def launcher(root, name):
    """The ./loadgen a variant runs: that of BASE (another checkout, its jar built by its ./loadgen) for base-…, else ROOT's."""
    if name.startswith('base-'):
        if not os.environ.get('BASE'):
            sys.exit('startup.py: variant %s needs BASE, the folder of another checkout of loadgen' % name)
        return os.environ['BASE'] + '/loadgen'
    return root + '/loadgen'


def variant(name):
    """(environment, arguments) of a variant: one of VARIANTS, or url-warm-D / url-no-aot-warm-D for --self-warm D; the
    same with base- before it for BASE's launcher (launcher())."""
    name = name[len('base-'):] if name.startswith('base-') else name
    if name in VARIANTS:
        return VARIANTS[name]
    for prefix, env in (('url-warm-', {}), ('url-no-aot-warm-', {'LOADGEN_AOT': 'off'})):
        if name.startswith(prefix):
            return env, ['--self-warm', name[len(prefix):]]
    sys.exit('startup.py: no variant %s (%s, url-warm-D, url-no-aot-warm-D)' % (name, ', '.join(VARIANTS)))


def cpu_seconds(pid):
    """utime + stime of the process and of its children waited for (the launcher's sed, find, stat before its exec)."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / CLK_TCK


def load():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


class Locked:
    def __enter__(self):
        self.f = open('/tmp/loadgen-bench.lock', 'w')
        fcntl.flock(self.f, fcntl.LOCK_EX)
        return self

    def __exit__(self, *a):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


def rounds(variants, n):
    for r in range(1, n + 1):
        for v in variants:
            yield r, v


def first_request(root, out, n, variants):
    """Medians of launch -> the first HTTP request arriving (ms) and the CPU loadgen's process had used by then (less
    sensitive to the machine's load than the time), and of launch -> exit for --help."""
    arrived = {}
    current = [None]  # (variant, round, pid)

    class H(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'
        disable_nagle_algorithm = True

        def do_GET(self):
            c = current[0]
            if c is not None and c[:2] not in arrived:
                try:
                    cpu = cpu_seconds(c[2])
                except (OSError, IndexError):
                    cpu = float('nan')
                arrived[c[:2]] = (time.monotonic_ns(), cpu)
            body = b'{"ok":true}'
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(('127.0.0.1', 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = 'http://127.0.0.1:%d/' % server.server_address[1]
    figures = {v: [] for v in variants}
    cpus = {v: [] for v in variants}
    print('%-6s %-20s %10s %10s %10s  %s' % ('round', 'variant', 'first ms', 'CPU s', 'exit ms', 'load average'))
    print('%-6s %-20s %10s %10s' % ('', '', '', 'by then'))
    for r, v in rounds(variants, n):
        env, extra = variant(v)
        if v in ('help', 'base-help'):
            args = extra
        else:
            args = ['--url', url, '--users', '1', '--duration', '3s', '--out', '%s/first-%s-%d' % (out, v, r)] + extra
        with Locked():
            la = load()
            with open('%s/first-%s-%d.log' % (out, v, r), 'w') as log:
                t0 = time.monotonic_ns()
                p = subprocess.Popen([launcher(root, v)] + args, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT)
                current[0] = (v, r, p.pid)
                _, status, usage = os.wait4(p.pid, 0)
                t1 = time.monotonic_ns()
                current[0] = None
                code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit('startup.py: %s round %d exited %d; see %s/first-%s-%d.log' % (v, r, code, out, v, r))
        first, cpu = arrived.get((v, r), (None, None))
        if v in ('help', 'base-help'):
            cpu = usage.ru_utime + usage.ru_stime
        first = (first - t0) / 1e6 if first else None
        figures[v].append(first if v not in ('help', 'base-help') else (t1 - t0) / 1e6)
        if cpu is not None:
            cpus[v].append(cpu)
        print('%-6d %-20s %10s %10s %10.0f  %s' % (r, v, '-' if first is None else '%.0f' % first, '-' if cpu is None else '%.2f' % cpu,
                                                    (t1 - t0) / 1e6, la), flush=True)
    server.shutdown()
    print('\nmedians over %d launches:' % n)
    for v in variants:
        if v in ('help', 'base-help'):
            print('  %-20s exit after %.0f ms, %.2f CPU-seconds' % (v, statistics.median(figures[v]), statistics.median(cpus[v])))
        else:
            print('  %-20s first request after %.0f ms, %.2f CPU-seconds' % (v, statistics.median(figures[v]), statistics.median(cpus[v])))


def cpu_run(loadgen, out, name, url, load_args, duration, env, extra):
    """One run of a fixed load: /proc CPU ticks of the loadgen JVM sampled every 50 ms beside the lines of its
    timeline. Returns {t: (cpu seconds, requests in second t)} with t = 0 (the clock's start) to the last line,
    and the CPU seconds spent before the clock started (the JVM's start, loadgen's set-up and self warm-up)."""
    dir = '%s/%s' % (out, name)
    timeline = dir + '/timeline.jsonl'
    args = [loadgen, '--url', url] + load_args.split() + ['--think', '0', '--duration', '%ds' % duration, '--quiet',
                                                                  '--out', dir] + extra
    samples = []  # (monotonic s, cpu s, lines)
    with open(dir + '.log', 'w') as log:
        p = subprocess.Popen(args, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT)
        while p.poll() is None:
            try:
                with open('/proc/%d/stat' % p.pid) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
                lines = 0
                if os.path.exists(timeline):
                    with open(timeline) as f:
                        lines = sum(1 for l in f if l.endswith('\n'))
                samples.append((time.monotonic(), cpu, lines))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
            time.sleep(0.05)
    if p.returncode != 0:
        sys.exit('startup.py: %s exited %d; see %s.log' % (name, p.returncode, dir))
    rows = [json.loads(l) for l in open(timeline)]

    def at_line(k):  # the first sample that saw line k written: (time, cpu)
        for t, c, n in samples:
            if n >= k:
                return t, c
        return None

    t1, c1 = at_line(1)
    # the clock's start is one second before line 1 appeared; the CPU then, interpolated between samples
    t0 = t1 - rows[0]['dt']
    before = [(t, c) for t, c, _ in samples if t <= t0]
    c0 = before[-1][1] if before else 0.0
    cpu = {0: c0}
    for k in range(1, len(rows) + 1):
        s = at_line(k)
        if s:
            cpu[int(round(rows[k - 1]['t']))] = s[1]
    reqs = {int(round(r['t'])): r['requests'] for r in rows}
    return cpu, reqs, c0


def per_request(cpu, reqs, a, b):
    """CPU µs per request over the run's seconds a..b (CPU between the lines t=a and t=b, requests of a+1..b)."""
    n = sum(reqs.get(t, 0) for t in range(a + 1, b + 1))
    return (cpu[b] - cpu[a]) / n * 1e6, n


def cpu_per_request(root, out, n, url, load_args, duration, variants):
    print('%-6s %-20s %9s %9s %9s %7s %7s %9s  %s' % ('round', 'variant', 'start CPU', '0-10 s', '20-40 s', 'ratio', 'ratio*',
                                                       'req/s', 'load average'))
    print('%-6s %-20s %9s %9s %9s %7s %7s %9s' % ('', '', 's', 'µs/req', 'µs/req', '', '', '20-40 s'))
    figures = {v: [] for v in variants}
    for r, v in rounds(variants, n):
        env, extra = variant(v)
        with Locked():
            la = load()
            cpu, reqs, before = cpu_run(launcher(root, v), out, 'cpu-%s-%d' % (v, r), url, load_args, duration, env, extra)
        first, _ = per_request(cpu, reqs, 0, 10)
        steady, n_steady = per_request(cpu, reqs, 20, 40)
        # ratio*: the first 10 s paying for everything since the launch as well (the JVM's start, the self warm-up)
        first_all = cpu[10] / sum(reqs.get(t, 0) for t in range(1, 11)) * 1e6
        figures[v].append((before, first, steady, first / steady, first_all / steady, n_steady / 20))
        print('%-6d %-20s %9.2f %9.1f %9.1f %7.2f %7.2f %9.0f  %s' % (r, v, before, first, steady, first / steady,
                                                                       first_all / steady, n_steady / 20, la), flush=True)
    print('\nmedians over %d runs of %s:' % (n, load_args))
    for v in variants:
        m = [statistics.median(x[i] for x in figures[v]) for i in range(6)]
        print('  %-20s CPU before the clock %.2f s; 0-10 s %.1f µs/req, 20-40 s %.1f µs/req: ratio %.2f '
              '(%.2f counting the CPU before the clock in the first 10 s); %.0f req/s' % (v, *m))


def latency(root, out, n, url, variants):
    """A 5 s run as a user types it (500 users thinking 2 s, started over 2 s) against a target that answers in exactly
    15 ms: its p50 and p99 are those of the first 5 s, where a cold loadgen would add its own time; wrk's 5 s beside."""
    import re
    runs = ['wrk'] + variants
    figures = {v: [] for v in runs}
    print('%-6s %-20s %8s %8s  %s' % ('round', 'run', 'p50 ms', 'p99 ms', 'load average'))
    for r, v in rounds(runs, n):
        with Locked():
            la = load()
            if v == 'wrk':
                text = subprocess.run(['wrk', '-t2', '-c20', '-d5s', '--latency', url], capture_output=True, text=True).stdout
                open('%s/lat-wrk-%d.log' % (out, r), 'w').write(text)

                def ms(pct):
                    x, unit = re.search(r'^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$' % pct, text, re.M).groups()
                    return float(x) * {'us': 0.001, 'ms': 1, 's': 1000}[unit]
                fig = (ms(50), ms(99))
            else:
                env, extra = variant(v)
                dir = '%s/lat-%s-%d' % (out, v, r)
                with open(dir + '.log', 'w') as log:
                    subprocess.run([launcher(root, v), '--url', url, '--users', '500', '--think', '2s', '--duration', '5s', '--quiet',
                                    '--out', dir] + extra, env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT)
                s = json.load(open(dir + '/summary.json'))
                fig = (s['latencyMs']['p50'], s['latencyMs']['p99'])
        figures[v].append(fig)
        print('%-6d %-20s %8.2f %8.2f  %s' % (r, v, fig[0], fig[1], la), flush=True)
    print('\nmedians over %d rounds (ms), and the distance to wrk\'s p99 (median of the rounds\' differences):' % n)
    for v in runs:
        p50 = statistics.median(f[0] for f in figures[v])
        p99 = statistics.median(f[1] for f in figures[v])
        d = statistics.median(f[1] - w[1] for f, w in zip(figures[v], figures['wrk']))
        print('  %-20s p50 %7.2f  p99 %7.2f  p99 - wrk %+7.2f' % (v, p50, p99, d))


if __name__ == '__main__':
    what, root, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if what == 'first':
        first_request(root, out, n, sys.argv[5:])
    elif what == 'latency':
        latency(root, out, n, sys.argv[5], sys.argv[6:])
    else:
        cpu_per_request(root, out, n, sys.argv[5], sys.argv[6], int(sys.argv[7]), sys.argv[8:])
