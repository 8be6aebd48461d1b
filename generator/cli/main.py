"""The `gen` command line. Exit codes: 0 ok, 1 findings (stale output, lint problems,
drift, breaking changes), 2 usage or input error.

The commands are click commands (generator.cli.commands). A plain `gen` or `gen --check`
(the command line run on every save and in CI) is read here without click, whose import
costs more than the rest of such a run's command-line handling: only --spec, --out,
--check, -q/--quiet and -v/--verbose, each at most once, with values that do not start
with a dash. Anything else (help, version, a subcommand, a repeated or unusual option)
goes to click, which prints what it always did. tests/cli/test_plain_command_line.py holds
the two readings to the same output and exit code.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NoReturn

_FLAGS = {"--check": "check", "-q": "quiet", "--quiet": "quiet", "-v": "verbose"}
_FLAGS["--verbose"] = "verbose"
_VALUES = {"--spec": "spec", "--out": "out"}
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # what click.echo strips when not on a terminal


def say(text: str) -> None:
    """A line on stderr, as click.echo(text, err=True) writes it."""
    stream = sys.stderr
    if not stream.isatty():
        text = _ANSI.sub("", text)
    stream.write(text + "\n")
    stream.flush()


def print_problems(problems: Sequence[object]) -> None:
    for problem in problems:
        say(str(problem))
    say(f"{len(problems)} problem(s) found.")


def run_generation(spec: Path, out: Path, check: bool, quiet: bool) -> int:
    """Generate into out (or, with check, diff out against what gen would write); the exit code."""
    from generator.backend.pipeline import check_output, generate

    try:
        if check:
            diff = check_output(spec, out)
            if diff:
                sys.stdout.write(diff)
                say(f"{out} is stale: run `gen` to regenerate.")
                return 1
            if not quiet:
                say(f"{out} is up to date.")
            return 0
        changed = generate(spec, out)
    except Exception as exc:
        # Imported here: a run that needs neither never imports them, and a regeneration only
        # once its work has split over the cores (see backend.pipeline).
        from generator.backend.writer import OutputError
        from generator.problems import SpecError

        if isinstance(exc, OutputError):
            say(f"gen: {exc}. Nothing written.")
            return 2
        if not isinstance(exc, SpecError):
            raise
        print_problems(exc.problems)
        say(f"Nothing written; {out} is unchanged.")
        return 2
    if not quiet:
        say(f"{out}: {changed} file(s) changed." if changed else f"{out} is up to date.")
    return 0


def plain_options(args: list[str]) -> dict[str, str] | None:
    """The options of a plain `gen` or `gen --check` (name -> value, "" for a flag), or None
    when the command line is for click to read."""
    found: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        if arg in _FLAGS:
            key, value = _FLAGS[arg], ""
        else:
            name, equals, value = arg.partition("=")
            if name not in _VALUES:
                return None
            key, value = _VALUES[name], value if equals else next(rest, "")
            if not value or value.startswith("-"):
                return None
        if key in found:
            return None
        found[key] = value
    return None if {"quiet", "verbose"} <= set(found) else found


def _run_plain(options: dict[str, str]) -> int:
    import gc

    # A run of gen is short and makes few cycles: collecting them during the imports alone
    # would cost more than a tenth of a warm run (the build switches it off in any case).
    gc.disable()
    from generator import progress
    from generator.config import ConfigError, load

    quiet, verbose = "quiet" in options, "verbose" in options
    progress.start(progress.QUIET if quiet else progress.VERBOSE if verbose else progress.NORMAL)
    try:
        config = load(Path.cwd())
    except ConfigError as exc:
        say(f"gen: {exc}")
        return 2
    spec = Path(options["spec"]) if "spec" in options else config.spec
    out = Path(options["out"]) if "out" in options else config.out
    return run_generation(spec, out, "check" in options, quiet)


def entry() -> None:
    """The `gen` command: an unexpected failure is one line and exit 2, never a traceback
    that could be mistaken for findings (exit 1); -v or GEN_TRACEBACK=1 show the traceback."""
    try:
        options = plain_options(sys.argv[1:])
        if options is None:
            from generator.cli.commands import main

            main.main(prog_name="gen")  # exits
        else:
            _leave(_plain(options))
    except Exception as exc:
        if "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:] or os.environ.get("GEN_TRACEBACK"):
            raise
        from generator import __version__

        say(
            f"gen {__version__}: unexpected error: {type(exc).__name__}: {exc}. "
            "Run again with -v (or GEN_TRACEBACK=1) to see the traceback, and report it."
        )
        sys.exit(2)


def _leave(code: int) -> NoReturn:
    """End a plain run now: what it said is flushed, and the process leaves without the
    interpreter's teardown, which frees every object and module of the run one at a time
    (15-30 ms, as long as a fifth of a regeneration; the system takes the memory back whole).
    Nothing is left to do by then: files are written and closed, child processes reaped,
    and the progress timer is stopped here."""
    from generator import progress

    progress.finish()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # whoever read the output has gone (click's exit code for it)
        code = 1
    os._exit(code)


def _plain(options: dict[str, str]) -> int:
    """_run_plain, ended as click's standalone mode ends a command: an interrupt is
    "Aborted!" and exit 1, a closed stdout exit 1."""
    import errno

    try:
        return _run_plain(options)
    except (EOFError, KeyboardInterrupt):
        say("")
        say("Aborted!")
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # Whoever read stdout has gone: say nothing more there, not even at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    entry()
