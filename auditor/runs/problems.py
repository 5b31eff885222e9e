"""Why the sites given cannot be used: one error for sources, one for sites files, each with
a line per problem. Its own module so that the readers of sources and of sites files share it
without importing each other."""
from __future__ import annotations


class TargetsError(ValueError):
    """Sources that cannot be used; `messages` holds one line per problem."""

    def __init__(self, messages: str | list[str]):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class SitesFileError(TargetsError):
    """A sites file that cannot be used; `messages` holds one line per problem."""
