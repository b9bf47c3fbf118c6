"""Marsad's exceptions.

Bad *documents* are not exceptions: they become :class:`marsad.doc.Rejection`
data.  Exceptions are for misuse of the library and for inputs that cannot be
opened at all; the CLI translates them into a one-line message and an exit
code.

    MarsadError
    ├── PipelineError      a pipeline that cannot be built (unknown stage, bad order)
    ├── InputError         an input that cannot be opened (missing path, bad URL scheme)
    ├── FetchError         a URL that could not be fetched (timeout, status, size, type)
    └── StoreError         an archive that cannot be opened or used (missing, damaged, newer)
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base class of every error Marsad raises on purpose."""


class PipelineError(MarsadError):
    """The pipeline cannot be built as asked."""


class InputError(MarsadError):
    """An input cannot be opened: it does not exist or is not supported."""


class FetchError(MarsadError):
    """A URL could not be fetched.  ``reason`` is a short stable code."""

    def __init__(self, url: str, reason: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.reason = reason
        self.message = message


class StoreError(MarsadError):
    """The archive cannot be opened or used as asked (missing, damaged, newer)."""
