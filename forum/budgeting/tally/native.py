"""The C kernel of Add1's screen (`screen.c`): compiled once per source version, then loaded.

`make setup` / `make dev-setup` compile it (`python -m forum.budgeting.tally.native`); a source
tree that was not set up compiles it on its first Add1 tally (about a second, once), with the C
compiler Python was built with (`CC` overrides it). The library is cached under a name made of
the source's hash, in the package's `__pycache__` or, where that is not writable, in
`$XDG_CACHE_HOME/forum-tally` (`~/.cache/forum-tally`), so an edited source is never run stale.
It is plain C loaded with ctypes: no Python headers are needed, and loading takes a millisecond
(numba, used before, took 0.5 s to import and load its cache in every process).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import platform
import shlex
import subprocess
import sysconfig
import tempfile
from pathlib import Path

SOURCE = Path(__file__).with_name("screen.c")
# no -ffast-math, no fused multiply-add: each operation is one rounding, as the bounds assume
FLAGS = ("-O2", "-fPIC", "-shared", "-ffp-contract=off", "-fno-fast-math", "-std=c99")


class KernelUnavailable(RuntimeError):
    """The C kernel could not be compiled or loaded here."""


def compiler() -> list[str]:
    command = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shlex.split(command)


def library_name(source: bytes) -> str:
    key = hashlib.sha256(b"\0".join([source, " ".join([*compiler(), *FLAGS]).encode(),
                                     platform.machine().encode()])).hexdigest()[:16]
    return f"screen-{key}.so"


def cache_folders() -> list[Path]:
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "forum-tally"
    return [SOURCE.parent / "__pycache__", user]


def build(target: Path) -> None:
    """Compile the kernel into `target` (written whole, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(suffix=".so", dir=target.parent)
    os.close(handle)
    try:
        done = subprocess.run([*compiler(), *FLAGS, "-o", partial, str(SOURCE), "-lm"],  # noqa: S603
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise KernelUnavailable(f"compiling {SOURCE.name} failed: {done.stderr.strip()}")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def library_path() -> Path:
    """The compiled kernel for the current source, compiled first if needed."""
    name = library_name(SOURCE.read_bytes())
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


def load() -> ctypes.CDLL:
    """The kernel's library with its one function's signature declared."""
    try:
        library = ctypes.CDLL(str(library_path()))
    except OSError as error:
        raise KernelUnavailable(str(error)) from None
    scan = library.add1_scan
    pointer, int64, double = ctypes.c_void_p, ctypes.c_int64, ctypes.c_double
    scan.argtypes = [int64, double, double, double, *[pointer] * 9, int64, int64, int64,
                     ctypes.c_int, ctypes.POINTER(int64)]
    scan.restype = ctypes.c_int
    return library


if __name__ == "__main__":
    print(library_path())
