"""Marsad (مرصد): news intelligence for Arabic, Russian and English news."""

from .doc import AgencyCredit, Document, Rejection, Source, Span, Token
from .errors import FetchError, InputError, MarsadError, PipelineError
from .pipeline import DEFAULT_STAGES, Pipeline, RunStats, stage

__version__ = "0.1.0"

__all__ = [
    "AgencyCredit",
    "DEFAULT_STAGES",
    "Document",
    "FetchError",
    "InputError",
    "MarsadError",
    "Pipeline",
    "PipelineError",
    "Rejection",
    "RunStats",
    "Source",
    "Span",
    "Token",
    "stage",
]
