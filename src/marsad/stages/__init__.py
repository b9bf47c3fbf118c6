"""The built-in pipeline stages; importing this package registers them."""

from . import agencies, dates, decode, extract, language, quality, segment  # noqa: F401
