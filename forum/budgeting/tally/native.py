"""The engine's C library (Add1's screen, `screen.c`; counting votes, `votes.c`), compiled once.

`make setup` / `make dev-setup` compile it (`python -m forum.budgeting.tally.native`); a source
tree that was not set up compiles it on first use (about a second, once), with the C compiler
Python was built with (`CC` overrides it). The library is cached under a name made of the
sources' hash, in the package's `__pycache__` or, where that is not writable, in
`$XDG_CACHE_HOME/forum-tally` (`~/.cache/forum-tally`), so an edited source is never run stale.
It is plain C loaded with ctypes: no Python headers are needed, and loading takes a millisecond
(numba, used before, took 0.5 s to import and load its cache in every process). Where it
cannot be compiled, `load()` raises `KernelUnavailable`: votes are then counted in Python and
every Add1 run is exact (same outcome, slower).
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import os
import platform
import sys
from pathlib import Path

SOURCES = tuple(Path(__file__).with_name(name) for name in ("screen.c", "votes.c"))
# no -ffast-math, no fused multiply-add: each operation is one rounding, as the bounds assume
FLAGS = ("-O2", "-fPIC", "-shared", "-pthread", "-ffp-contract=off", "-fno-fast-math",
         "-std=c99")


class KernelUnavailable(RuntimeError):
    """The C kernel could not be compiled or loaded here."""


def compiler() -> list[str]:
    import shlex
    import sysconfig

    return shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")


def library_name() -> str:
    key = hashlib.sha256(b"\0".join([*(source.read_bytes() for source in SOURCES),
                                     " ".join([os.environ.get("CC", ""), *FLAGS]).encode(),
                                     platform.machine().encode()])).hexdigest()[:16]
    return f"tally-{key}.so"


def cache_folders() -> list[Path]:
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "forum-tally"
    return [SOURCES[0].parent / "__pycache__", user]


def build(target: Path) -> None:
    """Compile the library into `target` (written whole, then renamed into place)."""
    import subprocess
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(suffix=".so", dir=target.parent)
    os.close(handle)
    try:
        done = subprocess.run([*compiler(), *FLAGS, "-o", partial, *map(str, SOURCES), "-lm"],  # noqa: S603
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KernelUnavailable(f"compiling the tally's C library failed: "
                                    f"{done.stderr.strip()}")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def library_path() -> Path:
    """The compiled library for the current sources, compiled first if needed."""
    name = library_name()
    folders = cache_folders()
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    problems = []
    for folder in folders:
        try:
            build(folder / name)
        except OSError as error:      # not writable, or no compiler
            problems.append(str(error))
        except KernelUnavailable as error:
            raise error from None
        else:
            return folder / name
    raise KernelUnavailable("; ".join(problems))


@functools.cache
def load() -> ctypes.CDLL:
    """The library, its functions' signatures declared (loaded once per process)."""
    try:
        library = ctypes.CDLL(str(library_path()))
    except OSError as error:
        raise KernelUnavailable(str(error)) from None
    pointer, int64, double = ctypes.c_void_p, ctypes.c_int64, ctypes.c_double
    library.add1_scan.argtypes = [int64, double, double, double, *[pointer] * 9, int64, int64,
                                  int64, ctypes.c_int, ctypes.c_int, ctypes.POINTER(int64)]
    library.add1_scan.restype = ctypes.c_int
    library.count_votes.argtypes = [ctypes.c_char_p, *[int64] * 4, ctypes.c_char_p,
                                    *[int64] * 4, *[pointer] * 3]
    library.count_votes.restype = int64
    return library


if __name__ == "__main__":
    try:
        print(library_path())
    except KernelUnavailable as error:
        print(f"warning: the tally's C library is unavailable ({error}); votes are counted "
              "in Python and Add1's runs exactly: same outcomes, slower", file=sys.stderr)
