"""Domain errors. The API turns them into HTTP status codes, the HTML views into messages."""


class DomainError(Exception):
    """A rule of the journal was broken; the message is written for the person who acted."""


class IllegalTransition(DomainError):
    """The submission cannot move to the requested state from the one it is in (HTTP 409)."""

    def __init__(self, *, current: str, requested: str) -> None:
        self.current = current
        self.requested = requested
        super().__init__(
            f"A submission that is {current.replace('_', ' ')} cannot become {requested.replace('_', ' ')}."
        )


class WrongState(DomainError):
    """The action does not apply to a submission in its current state, e.g. editing a submitted draft (HTTP 409)."""

    def __init__(self, message: str, *, current: str) -> None:
        self.current = current
        super().__init__(message)
