"""Real mail servers on 127.0.0.1 for the tests (aiosmtpd): one that takes every message, one that
refuses every address, one that drops the connection, and one that hangs on a chosen address
until released (a worker killed while sending)."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What a server took: each message as bytes, parsed on request."""

    raw: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse: bool = False
    hang_for: str = ""  # an address whose first message hangs until ``release`` is set
    hanging: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    temporary_failures: int = 0  # answer the next n messages with a 451
    rcpt_answer: str = ""  # answer every address with this (e.g. "450 mailbox busy")
    data_answer: str = ""  # answer every message with this (e.g. "554 rejected as spam")

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = list(self.raw)
        return [email.message_from_bytes(item, policy=email.policy.default) for item in raw]  # type: ignore[misc]


class Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.inbox.refuse:
            return "550 5.1.1 mailbox unavailable"
        if self.inbox.rcpt_answer:
            return self.inbox.rcpt_answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        inbox = self.inbox
        if inbox.hang_for and inbox.hang_for in envelope.rcpt_tos and not inbox.hanging.is_set():
            inbox.hanging.set()
            while not inbox.release.is_set():
                await asyncio.sleep(0.05)
            session.transport.close()  # the sender is gone by now; nothing is taken
            return "421 closing"
        if inbox.data_answer:
            return inbox.data_answer
        if inbox.temporary_failures > 0:
            inbox.temporary_failures -= 1
            return "451 4.3.0 try again later"
        with inbox.lock:
            inbox.raw.append(bytes(envelope.original_content or envelope.content))
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(Handler(self.inbox), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.inbox.release.set()
        self.controller.stop()


class DroppingServer:
    """Accepts a connection and closes it at once, before the greeting."""

    def __init__(self) -> None:
        self.port = free_port()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def __enter__(self) -> DroppingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()
