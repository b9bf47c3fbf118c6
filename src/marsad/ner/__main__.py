"""``python -m marsad.ner --conll FILE --lang ar|en|ru``: the ``marsad ner``
command, runnable before (and besides) its wiring into ``marsad.cli``."""

from __future__ import annotations

import argparse
import sys

from .tagger import SUPPORTED, run_ner_command


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m marsad.ner", description="Tag a CoNLL file with IOB2 entity tags.")
    ap.add_argument("--conll", required=True, help="one token per line, blank line between sentences")
    ap.add_argument("--lang", required=True, help=f"one of {', '.join(SUPPORTED)}")
    args = ap.parse_args(argv)
    return run_ner_command(args.conll, args.lang, sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
