"""The built-in pipeline stages; importing this package registers them."""

from . import agencies, dates, decode, entities, extract, facts, language, quality, quantities, segment  # noqa: F401
