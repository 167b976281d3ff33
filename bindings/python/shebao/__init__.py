"""shebao: the social-insurance enrolment rules engine, from Python.

A thin ctypes layer over the C API (libshebao.so.0, shebao.h); no compiled extension.

    import shebao
    engine = shebao.Engine()                      # the bundled policy packs
    result = engine.evaluate({"as_of": "2026-01-01", "person": {...}, ...})
    print(result["schemes"][0]["id"])
    print(engine.retirement("1975-03", "female", 50)["date"])

An Engine is immutable once opened and may be used from several threads at once (the C library
does not lock and ctypes releases the GIL during each call). Errors raise ShebaoError, whose
`errors` is the contract's error list ([{"path", "code", "message"[, "line", "column"]}, ...]) when the library gave one.

The library is looked up as: $SHEBAO_LIBRARY (a path), then beside this package in an install
prefix (PREFIX/lib/python3/dist-packages/shebao -> PREFIX/lib[/<multiarch>]/libshebao.so.0), then
the system's loader path (libshebao.so.0, as the libshebao0 package installs it).
"""

import ctypes
import glob
import json
import os
import threading

__all__ = ["Engine", "ShebaoError", "version", "OK", "INVALID_ARGUMENT", "INVALID_PROFILE",
           "INVALID_POLICY", "IO_ERROR", "OUT_OF_MEMORY", "INTERNAL_ERROR"]

# shebao_status (stable values, shebao.h)
OK, INVALID_ARGUMENT, INVALID_PROFILE, INVALID_POLICY, IO_ERROR, OUT_OF_MEMORY, INTERNAL_ERROR = range(7)
_STATUS_NAMES = {
    INVALID_ARGUMENT: "invalid_argument", INVALID_PROFILE: "invalid_profile",
    INVALID_POLICY: "invalid_policy", IO_ERROR: "io_error", OUT_OF_MEMORY: "out_of_memory",
    INTERNAL_ERROR: "internal_error",
}


class ShebaoError(Exception):
    """A call failed. `status` is the C status (an int), `code` its name ("invalid_profile", ...),
    `errors` the contract's error list (for an invalid profile: every problem, each with its field
    path), `message` the library's text (one problem per line)."""

    def __init__(self, status, message, errors=None):
        self.status = status
        self.code = _STATUS_NAMES.get(status, "status_%d" % status)
        self.message = message or ""
        if errors is None:
            errors = [{"path": "", "code": self.code, "message": line}
                      for line in self.message.splitlines() if line] or \
                     [{"path": "", "code": self.code, "message": self.code}]
        self.errors = errors
        super().__init__(self.message or self.code)


def _candidates():
    env = os.environ.get("SHEBAO_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    # PREFIX/lib/python3/dist-packages/shebao -> PREFIX
    prefix = os.path.normpath(os.path.join(here, "..", "..", "..", ".."))
    for pattern in ("lib/libshebao.so.0", "lib/*/libshebao.so.0", "lib64/libshebao.so.0"):
        for path in sorted(glob.glob(os.path.join(prefix, pattern))):
            yield path
    yield "libshebao.so.0"


def _load():
    last = None
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            last = e
    else:
        raise ImportError("shebao: cannot load libshebao.so.0 (install libshebao0, or set SHEBAO_LIBRARY): %s" % last)
    c_char_pp = ctypes.POINTER(ctypes.c_void_p)
    lib.shebao_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), c_char_pp]
    lib.shebao_open.restype = ctypes.c_int
    lib.shebao_evaluate_ex.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, c_char_pp, c_char_pp]
    lib.shebao_evaluate_ex.restype = ctypes.c_int
    lib.shebao_retirement.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
                                      c_char_pp, c_char_pp]
    lib.shebao_retirement.restype = ctypes.c_int
    lib.shebao_version.argtypes = []
    lib.shebao_version.restype = ctypes.c_char_p
    lib.shebao_policy_digest.argtypes = [ctypes.c_void_p]
    lib.shebao_policy_digest.restype = ctypes.c_char_p
    lib.shebao_free.argtypes = [ctypes.c_void_p]
    lib.shebao_free.restype = None
    lib.shebao_close.argtypes = [ctypes.c_void_p]
    lib.shebao_close.restype = None
    return lib


_lib = _load()


def version():
    """The library's version, e.g. "0.1.0"."""
    return _lib.shebao_version().decode()


def _take(ptr):
    """The text of a library-allocated string, which is then freed."""
    if not ptr.value:
        return None
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        _lib.shebao_free(ptr.value)


def _arg(value, name):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))


class Engine:
    """An opened set of policy packs. `policies`: a folder of packs (str or os.PathLike), or None
    for the bundled packs (and /etc/shebao/policies as an overlay when present)."""

    def __init__(self, policies=None):
        self._handle = None
        self._lock = threading.Lock()  # guards only close() against itself
        handle = ctypes.c_void_p()
        err = ctypes.c_void_p()
        path = None if policies is None else os.fsencode(policies)
        status = _lib.shebao_open(path, ctypes.byref(handle), ctypes.byref(err))
        message = _take(err)
        if status != OK:
            raise ShebaoError(status, message)
        self._handle = handle

    def _live(self):
        if self._handle is None:
            raise ShebaoError(INVALID_ARGUMENT, "the engine is closed")
        return self._handle

    @property
    def policy_digest(self):
        """The digest of the policy set ("sha256:..."), as in a result's policy_set.digest."""
        return _lib.shebao_policy_digest(self._live()).decode()

    def evaluate(self, profile, lang=None, explain=False, as_of=None):
        """Evaluates a profile (a dict, or JSON/YAML text) into the RESULT.md object (a dict).
        An invalid profile raises ShebaoError with `errors` listing every problem."""
        text = json.dumps(profile, ensure_ascii=False) if isinstance(profile, dict) else profile
        options = {}
        if lang is not None:
            options["lang"] = lang
        if explain:
            options["explain"] = True
        if as_of is not None:
            options["as_of"] = str(as_of)
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        status = _lib.shebao_evaluate_ex(self._live(), _arg(text, "profile"),
                                         json.dumps(options).encode() if options else None,
                                         ctypes.byref(out), ctypes.byref(err))
        result = _take(out)
        message = _take(err)
        if status == OK:
            return json.loads(result)
        errors = None
        if status == INVALID_PROFILE and result:
            errors = json.loads(result).get("errors")
        raise ShebaoError(status, message, errors)

    def retirement(self, birth, sex, original_age=None):
        """The statutory retirement age under the 2024 reform: birth "YYYY-MM", sex "male" |
        "female", original_age 50 | 55 for women (default 50 for women, 60 for men)."""
        if original_age is None:
            original_age = 60 if sex == "male" else 50
        out = ctypes.c_void_p()
        err = ctypes.c_void_p()
        status = _lib.shebao_retirement(self._live(), _arg(birth, "birth"), _arg(sex, "sex"), int(original_age),
                                        ctypes.byref(out), ctypes.byref(err))
        result = _take(out)
        message = _take(err)
        if status != OK:
            raise ShebaoError(status, message)
        return json.loads(result)

    def close(self):
        """Releases the engine; no call may be running on it."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle is not None:
            _lib.shebao_close(handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
