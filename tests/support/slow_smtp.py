"""A real SMTP server on 127.0.0.1 that can hold its answer to a message, to kill a sender mid-send.

It speaks just enough SMTP for Django's backend. A message counts as delivered only once the
server has said 250 after its data: a sender killed before that answer has delivered nothing.
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading
import time


class _Session(socketserver.StreamRequestHandler):
    def _say(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def _sender_gone(self) -> bool:
        readable, _, _ = select.select([self.connection], [], [], 0)
        return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

    def handle(self) -> None:
        server: SlowSmtpServer = self.server.owner
        self._say("220 slow-smtp ready")
        recipients: list[str] = []
        for raw in self.rfile:
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 slow-smtp")
            elif verb in ("MAIL", "RSET", "NOOP"):
                recipients = [] if verb != "NOOP" else recipients
                self._say("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 End data with <CR><LF>.<CR><LF>")
                body = b"".join(iter(self.rfile.readline, b".\r\n"))
                server.data_received.set()
                if server.hold_next:
                    server.hold_next = False
                    time.sleep(server.hold_seconds)
                    if self._sender_gone():
                        return  # killed before our answer: nothing was delivered
                self._say("250 OK queued")
                server.delivered.append((recipients, body))
            elif verb == "QUIT":
                self._say("221 Bye")
                return
            else:
                self._say("502 Not implemented")


class SlowSmtpServer:
    def __init__(self, *, hold_seconds: float = 30.0, hold_first: bool = True) -> None:
        self.hold_seconds = hold_seconds
        self.hold_next = hold_first  # the first message waits for its answer (off: a plain mail sink)
        self.data_received = threading.Event()
        self.delivered: list[tuple[list[str], bytes]] = []
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self._server.daemon_threads = True
        self._server.owner = self

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def __enter__(self) -> SlowSmtpServer:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
