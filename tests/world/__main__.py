"""python -m tests.world [--port N]: serve the world in the foreground.

Prints one JSON line {"port", "browser_args", "sites"} then serves until
SIGTERM/SIGINT.
"""

import argparse
import json
import signal
import threading

from . import DEMO_SITES, World


def main():
    parser = argparse.ArgumentParser(prog="python -m tests.world")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    port = parser.parse_args().port

    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())

    with World(port) as world:
        info = {"port": world.port, "browser_args": world.browser_args(), "sites": DEMO_SITES}
        print(json.dumps(info), flush=True)
        done.wait()


if __name__ == "__main__":
    main()
