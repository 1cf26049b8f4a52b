"""The ``rcm`` command line.

Each domain contributes its own subcommands (``rcm codes ...`` from
``rcm.coding``, ``rcm remit ...`` from ``rcm.remit``); this module only wires
them together, so the command line never knows more than the library does.

Example:
    >>> main(["--version"])  # doctest: +ELLIPSIS
    rcm ...
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from rcm.errors import RcmError

__all__ = ["main"]

#: A subcommand installer: given the top-level subparsers, it adds its parser
#: and sets ``func`` (taking the parsed namespace, returning the exit code).
Installer = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _installers() -> list[Installer]:
    # Imported here, not at module import, so `rcm --help` stays fast.
    from rcm._demo import install as install_demo
    from rcm.coding._cli import install as install_codes
    from rcm.remit._cli import install as install_remit

    return [install_codes, install_remit, install_demo]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand.

    Example:
        >>> build_parser().prog
        'rcm'
    """
    import rcm

    parser = argparse.ArgumentParser(
        prog="rcm", description="Healthcare revenue-cycle tools built on the rcm library."
    )
    parser.add_argument("--version", action="version", version=f"rcm {rcm.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for install in _installers():
        install(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code.

    Exit codes: 0 success, 1 a finding the user must act on (an unknown code,
    an unbalanced remittance), 2 bad usage or unreadable input.

    Example:
        >>> main(["codes", "lookup", "E11.9", "--on", "2025-10-01"])  # doctest: +ELLIPSIS
        E11.9 ...
        0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits for --help, --version and bad usage
        return int(exc.code or 0)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except RcmError as exc:
        print(f"rcm: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
