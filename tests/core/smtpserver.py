"""Real SMTP servers in the test process (aiosmtpd): one that accepts, refuses or hangs up, and
a socket that never answers."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Keeps every message it accepts; `refuse` answers RCPT with that reply, `hang_up` closes
    the connection when the message's data has arrived, before answering."""

    def __init__(self, refuse: str | None = None, hang_up: bool = False):
        self.refuse, self.hang_up = refuse, hang_up
        self.messages, self.port = [], None
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_up:
            server.transport.close()
            return "250 OK"
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message["Message-ID"] for message in self.messages]


@contextmanager
def smtp_server(**behaviour):
    recorder = Recorder(**behaviour)
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    recorder.port = controller.port
    try:
        yield controller.port, recorder
    finally:
        controller.stop()


@contextmanager
def silent_server():
    """Accepts connections (the kernel does) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def mail_config(port: int) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
            "MAIL_TIMEOUT": 2, "MAIL_FROM": "forum@forum.example"}
