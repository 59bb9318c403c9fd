#!/usr/bin/env python3
"""A webhook receiver for tests/notify/notify_e2e_test.cpp, on 127.0.0.1 and a free port.

Writes the port to --port-file, and one JSON line per request to --log: the Idempotency-Key, the path,
the body and whether it was answered. Until the file --go exists it misbehaves as --mode says:
  refuse  the socket is bound but not listening: every connection is refused;
  hang    requests are read and logged, then never answered (the connection closes once --go exists).
Once --go exists every request is answered 200.
"""
import argparse
import http.server
import json
import os
import threading
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--go", required=True)
    p.add_argument("--mode", choices=["refuse", "hang"], required=True)
    args = p.parse_args()
    lock = threading.Lock()

    def go():
        return os.path.exists(args.go)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answered = go()
            with lock, open(args.log, "a") as log:
                log.write(json.dumps({"key": self.headers.get("Idempotency-Key", ""), "path": self.path,
                                      "body": body.decode("utf-8", "replace"), "answered": answered}) + "\n")
            if not answered:
                while not go():
                    time.sleep(0.05)
                self.close_connection = True
                return
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
    server.daemon_threads = True
    server.server_bind()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    if args.mode == "refuse":
        while not go():
            time.sleep(0.05)
    server.server_activate()
    server.serve_forever()


if __name__ == "__main__":
    main()
