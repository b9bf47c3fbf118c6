"""Extractors: the article text, headline and metadata out of pages, dumps and records."""
