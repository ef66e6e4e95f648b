"""Hold the ports of the services a real machine runs, the way those services would.

Used by `build.ps1 -Task BusyMachine`: the suite must pass on a machine where nginx, postgres, redis and friends
already listen on 0.0.0.0. Each service is a child process named like the real daemon (prctl PR_SET_NAME, what
/proc/<pid>/comm and ps show), listening on 0.0.0.0 and accepting (then closing) every connection, so probes of those
ports find them open and the socket table names a process that is not the test run.

Usage: python3 hold_ports.py PORT [PORT ...]
Prints one line per held port ("held PORT by NAME PID") and then "ready"; a port another process already holds is
reported as "taken PORT" and skipped. Runs until stdin closes or it is killed; the children die with it
(PR_SET_PDEATHSIG), so killing this one PID removes every listener.
"""

import ctypes
import os
import select
import signal
import socket
import sys

PR_SET_NAME = 15
PR_SET_PDEATHSIG = 1

# What usually holds each port on a developer machine or a small server.
NAMES = {
    80: "nginx", 443: "nginx", 3000: "node", 3306: "mysqld", 5000: "python3", 5432: "postgres",
    6379: "redis-server", 8000: "python3", 8080: "java", 9200: "java", 11211: "memcached", 27017: "mongod",
}

libc = ctypes.CDLL(None, use_errno=True)


def serve(listener, name, ready_fd):
    """The child: take the daemon's name, die with the parent, accept and close connections until then."""
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before PR_SET_PDEATHSIG took effect
        os._exit(0)
    libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()), 0, 0, 0)
    os.write(ready_fd, b"1")
    os.close(ready_fd)
    while True:
        readable, _, _ = select.select([listener], [], [])
        if readable:
            try:
                conn, _ = listener.accept()
                conn.close()
            except OSError:
                pass


def main(ports):
    children = []
    for port in ports:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("0.0.0.0", port))
            listener.listen(128)
        except OSError:
            listener.close()
            print(f"taken {port}", flush=True)
            continue
        name = NAMES.get(port, "python3")
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            serve(listener, name, write_fd)
            os._exit(0)
        os.close(write_fd)
        os.read(read_fd, 1)  # the child has renamed itself: the socket table now shows the daemon's name
        os.close(read_fd)
        listener.close()  # the child holds the socket; this process holds none
        children.append(pid)
        print(f"held {port} by {name} {pid}", flush=True)
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


if __name__ == "__main__":
    main([int(p) for p in sys.argv[1:]])
