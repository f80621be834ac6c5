"""What every storyline command shares: the exit code for bad input and the one-line error."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

__all__ = ["EXIT_INPUT", "fail"]

EXIT_INPUT = 2


def fail(message: str) -> NoReturn:
    """Print ``Error: message`` on stderr and exit with ``EXIT_INPUT``: never a traceback."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_INPUT)
