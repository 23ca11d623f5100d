"""Flask-SocketIO (eventlet) peer for the Parley benchmark suite.

Implements the contract on namespace "/":
  join(room) -> joins the room, then acks (no arguments)
  bench(data) -> broadcast unchanged to room "bench" as "bench"
  echo(data) -> acks with data
Run with Debian's interpreter and packages (python3-flask-socketio, python3-eventlet):
  /usr/bin/python3 flask_server.py --port N [--host 127.0.0.1] [--redis redis://127.0.0.1:P]
With --redis, the server is one node of a cluster: Flask-SocketIO's message queue on that Redis (needs Debian's
python3-redis), through which every emit goes to all nodes.
SIGUSR2 runs gc.collect(); SIGTERM exits.
"""
import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import gc  # noqa: E402
import logging  # noqa: E402
import signal  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--redis", default=None)
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="eventlet", cors_allowed_origins="*",
                        logger=False, engineio_logger=False, message_queue=args.redis)

    @socketio.on("join")
    def on_join(room):
        join_room(str(room))
        return None  # an ack with no arguments

    @socketio.on("bench")
    def on_bench(data):
        socketio.emit("bench", data, to="bench")

    @socketio.on("echo")
    def on_echo(data):
        return data

    signal.signal(signal.SIGUSR2, lambda signum, frame: gc.collect())
    print("flask-socketio (eventlet) listening on %s:%d" % (args.host, args.port), flush=True)
    # eventlet.wsgi serves at most max_size connections at once (1024 by default).
    socketio.run(app, host=args.host, port=args.port, log_output=False, max_size=1_000_000)


if __name__ == "__main__":
    main()
