"""``python -m crossref_standin``: both stand-ins at once, Crossref's deposit system and its REST API.

This is what ``make run`` starts when no CROSSREF_* variable is set (the Procfile's ``crossref``
line), so the offline demo deposits DOIs and checks references against HTTP servers that answer as
Crossref does. ``--latency`` slows every answer of both, to see that no page waits on Crossref.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading

from crossref_standin.deposit import DepositStandIn
from crossref_standin.rest import DEMO_RECORDS, CrossrefStandIn


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crossref_standin", description=__doc__.splitlines()[0])
    parser.add_argument("--deposit-port", type=int, default=8099, help="the deposit system's port (default 8099)")
    parser.add_argument("--rest-port", type=int, default=8098, help="the REST API's port (default 8098)")
    parser.add_argument("--login-id", default="demo", help="the deposit login it accepts (default: demo)")
    parser.add_argument("--password", default="demo", help="the deposit password it accepts (default: demo)")
    parser.add_argument("--queued-polls", type=int, default=2, help="a deposit answers 'queued' this many times first")
    parser.add_argument("--records", default=str(DEMO_RECORDS), help="works the REST API knows (a JSON list)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before every answer of both servers")
    options = parser.parse_args(argv)

    deposit = DepositStandIn(
        port=options.deposit_port,
        login_id=options.login_id,
        password=options.password,
        queued_polls=options.queued_polls,
        latency=options.latency,
    )
    rest = CrossrefStandIn(port=options.rest_port, latency=options.latency)
    count = rest.load_records(options.records)
    stopped = threading.Event()
    # honcho stops its processes with SIGTERM: leave as cleanly as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    with deposit, rest:
        print(f"Crossref stand-in (not Crossref): deposits at {deposit.url}, REST API at {rest.url} ({count} works)")
        print(f"  CROSSREF_DEPOSIT_URL={deposit.url} CROSSREF_API_URL={rest.url} CROSSREF_LOGIN_ID={options.login_id}")
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()


if __name__ == "__main__":
    main()
