#!/usr/bin/env python3
"""A target whose paths answer after fixed delays: bench/lib/delay-target.py PORT /a=10 /b=12 (milliseconds)."""
import sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
delays = {p.split('=')[0]: float(p.split('=')[1]) / 1000 for p in sys.argv[2:]}
class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True   # headers and body go in two writes: with Nagle, a delayed ACK adds ~40 ms
    def do_GET(self):
        time.sleep(delays.get(self.path, 0))
        body = b'{"ok":true}'
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 1024   # the default backlog of 5 drops the SYNs of users that connect together
ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
