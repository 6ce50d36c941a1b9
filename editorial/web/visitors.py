"""Who is reading, as far as usage counting needs to know: a robot or not, and a stable anonymous key.

COUNTER Release 5 identifies a user by a session cookie when there is one, else by IP address and
user agent. The key is an HMAC of those, so no address is stored; robots and machines are
recognised by the COUNTER robots list shipped in the pinned ``counter-robots`` package.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import counter_robots
from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class Visitor:
    key: str
    is_robot: bool


def is_robot(user_agent: str) -> bool:
    """True for crawlers, robots and scripted clients (and for a missing user agent)."""
    return counter_robots.is_robot_or_machine(user_agent or "")


def client_ip(request: HttpRequest) -> str:
    header = settings.USAGE_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def visitor_from_request(request: HttpRequest) -> Visitor:
    user_agent = request.headers.get("User-Agent", "")
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    identity = f"session:{session}" if session else f"ip:{client_ip(request)}|ua:{user_agent}"
    digest = hmac.new(settings.SECRET_KEY.encode(), identity.encode(), hashlib.sha256).hexdigest()[:32]
    return Visitor(key=digest, is_robot=is_robot(user_agent))
