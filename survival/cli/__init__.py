"""The command line, ``survival-explorer COMMAND``: the parser and entry point, and each command's work."""

from survival.cli.parser import build_parser, main

__all__ = ["build_parser", "main"]
