"""A local SMTP sink (aiosmtpd) in its own process, so a test can stop and start the mail server.

Every accepted message is appended to a JSON-lines file and flushed to disk *before* the sink
answers ``250``; what the file holds is therefore exactly what the mail server accepted, even
across a stop. A client that disconnects before the end of DATA delivers nothing (SMTP aborts
the transaction), as a real MTA does.

    with SMTPSink() as sink:          # started on a free loopback port
        ...                           # EMAIL_HOST=127.0.0.1, EMAIL_PORT=sink.port
        sink.stop(); ...; sink.start()
        sink.messages()               # [{"message_id", "outbox_key", "to", "subject"}, ...]

Run directly: ``python -m tests.faults.smtp_sink --port 2525 --out /tmp/mail.jsonl``.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class SMTPSink:
    """Start/stop an SMTP sink subprocess on one fixed loopback port; read what it accepted."""

    def __init__(self, port: int | None = None, path: Path | None = None):
        self.port = port or free_port()
        if path is None:
            handle, name = tempfile.mkstemp(prefix="smtp-sink-", suffix=".jsonl")
            os.close(handle)
            path = Path(name)
        self.path = Path(path)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> "SMTPSink":
        if self.running:
            return self
        self.process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "tests.faults.smtp_sink"),
                *("--port", str(self.port), "--out", str(self.path)),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"SMTP sink exited early:\n{self.process.stderr.read()}")
            if port_open(self.port):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"SMTP sink did not listen on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def messages(self) -> list[dict]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def wait_for(self, count: int, timeout: float) -> list[dict]:
        """Wait until at least ``count`` messages arrived (or the time is up); return them all."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.messages()
            if len(messages) >= count:
                return messages
            time.sleep(0.5)
        return self.messages()

    def __enter__(self) -> "SMTPSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.path.unlink(missing_ok=True)


class _FileHandler:
    """aiosmtpd handler: one JSON line per accepted message, on disk before the 250."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        record = {
            "message_id": str(parsed.get("Message-ID", "")),
            "outbox_key": str(parsed.get("X-Outbox-Key", "")),
            "to": list(envelope.rcpt_tos),
            "subject": str(parsed.get("Subject", "")),
            "attachments": [part.get_filename() for part in parsed.iter_attachments()],
        }
        with self.lock, self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
            out.flush()
            os.fsync(out.fileno())
        return "250 Message accepted for delivery"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    controller = Controller(_FileHandler(args.out), hostname="127.0.0.1", port=args.port)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    controller.start()
    try:
        stopped.wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
