"""Who may use the app: an optional class password or Streamlit's OIDC login, and the
instructor password.

Without ``MLP_CLASS_PASSWORD`` / ``MLP_CLASS_PASSWORD_HASH`` and without an ``[auth]``
section in ``.streamlit/secrets.toml`` the app is open. Otherwise :func:`gate` (called by
``run_navigation()`` before ``st.navigation``) shows only a login form until this browser
session has logged in; :func:`passed` also decides whether the session's live-view token
may open ``/api/live/...`` (``ui.live.session.lookup``).

A hash is ``scrypt$<n>$<r>$<p>$<salt b64>$<key b64>`` (what ``python -m ui.access hash``
prints) or Django's ``pbkdf2_sha256$<iterations>$<salt>$<key b64>``.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import secrets
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

CLASS_ENV = "MLP_CLASS_PASSWORD"
INSTRUCTOR_ENV = "MLP_INSTRUCTOR_PASSWORD"
HASH_SUFFIX = "_HASH"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MB and ~50 ms per check
BASE_DELAY_S = 0.5  # the wait before the attempt after the first failure
MAX_DELAY_S = 10.0  # ... doubling per failure up to this

#: Waits and the clock of the failed-attempt delay (tests replace them).
sleep: Callable[[float], None] = time.sleep
clock: Callable[[], float] = time.monotonic


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The scrypt hash string of ``password`` (random 16-byte salt unless given)."""
    salt = secrets.token_bytes(16) if salt is None else salt
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def _parse_hash(stored: str) -> tuple[Callable[[bytes, int], bytes], bytes]:
    """(function deriving a key of a given length from a password, the stored key) of a hash.

    Raises ValueError when ``stored`` is not a hash of a known format (cheap: derives nothing).
    """
    parts = stored.strip().split("$")
    derive: Callable[[bytes, int], bytes] | None = None
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = (int(v) for v in parts[1:4])
            salt = base64.b64decode(parts[4], validate=True)
            if n < 2 or n & (n - 1) or r < 1 or p < 1:
                raise ValueError("n must be a power of 2, r and p positive")

            def derive(password: bytes, size: int) -> bytes:
                return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=size, maxmem=2**28)

        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations, salt = int(parts[1]), parts[2].encode()
            if iterations < 1:
                raise ValueError("iterations must be positive")

            def derive(password: bytes, size: int) -> bytes:
                return hashlib.pbkdf2_hmac("sha256", password, salt, iterations, size)

        else:
            raise ValueError("expected scrypt$n$r$p$salt$key or pbkdf2_sha256$iterations$salt$key")
        key = base64.b64decode(parts[-1], validate=True)
        if len(key) < 16:
            raise ValueError("the key is shorter than 16 bytes")
    except ValueError as err:  # also bad numbers or base64
        raise ValueError(f"not a usable password hash: {err}") from None
    return derive, key


@dataclass(frozen=True)
class Secret:
    """A configured password: its plain text or its hash string (checked when created)."""

    plain: str | None = None
    hashed: str | None = None

    def __post_init__(self) -> None:
        if self.hashed is not None:
            _parse_hash(self.hashed)  # raises ValueError for a malformed hash

    def matches(self, attempt: str) -> bool:
        """Whether ``attempt`` is the password (constant-time comparison)."""
        if self.hashed is not None:
            derive, key = _parse_hash(self.hashed)
            return hmac.compare_digest(derive(attempt.encode(), len(key)), key)
        # Digests first, so not even the length of the password leaks through timing.
        digest = hashlib.sha256
        return hmac.compare_digest(
            digest(attempt.encode()).digest(), digest((self.plain or "").encode()).digest()
        )


def secret_from_env(name: str, env: Mapping[str, str] = os.environ) -> Secret | None:
    """The password ``name`` (plain) or ``name_HASH`` (a hash, which wins); None when both are
    unset or empty. Raises ValueError when the hash is malformed."""
    hashed, plain = env.get(name + HASH_SUFFIX, "").strip(), env.get(name, "")
    if hashed:
        return Secret(hashed=hashed)
    return Secret(plain=plain) if plain else None


def failure_delay(failures: int) -> float:
    """Seconds the attempt after ``failures`` failed ones waits: 0, 0.5, 1, 2, 4, 8, 10, 10, ..."""
    return 0.0 if failures <= 0 else min(MAX_DELAY_S, BASE_DELAY_S * 2 ** (failures - 1))


@dataclass
class Attempts:
    """One session's failed attempts at one password; ``not_before`` is a :data:`clock` time."""

    failures: int = 0
    not_before: float = 0.0

    def check(self, secret: Secret, attempt: str) -> bool:
        """Wait out the delay earned by earlier failures, then check ``attempt``."""
        sleep(max(0.0, self.not_before - clock()))
        ok = secret.matches(attempt)
        self.failures = 0 if ok else self.failures + 1
        self.not_before = clock() + failure_delay(self.failures)
        return ok


def oidc_providers(auth: Mapping | None) -> tuple[str | None, ...]:
    """The providers ``st.login`` offers for secrets' ``[auth]`` section: ``(None,)`` for the
    default one (``client_id`` right in ``[auth]``), else the named ``[auth.<name>]`` ones;
    ``()`` when there is no ``[auth]``."""
    if not auth:
        return ()
    named = tuple(name for name, value in auth.items() if isinstance(value, Mapping))
    return named if named and "client_id" not in auth else (None,)


def _auth_section() -> Mapping | None:
    if not st.secrets.load_if_toml_exists():
        return None
    section = st.secrets.get("auth")
    return section if isinstance(section, Mapping) else None


def _logged_in() -> bool:
    return st.user.get("is_logged_in") is True


def _key(scope: str, name: str) -> str:
    """A session-state key of ``scope``'s login ("class", or the instructor page's own prefix)."""
    return f"{scope}-access-{name}"


def passed() -> bool:
    """Whether this session may use the app: always when nothing is configured, else once it
    has logged in (OIDC, when configured) and given the class password (when set)."""
    if oidc_providers(_auth_section()) and not _logged_in():
        return False
    try:
        secret = secret_from_env(CLASS_ENV)
    except ValueError:
        return False  # a malformed hash locks the app rather than opening it
    return secret is None or st.session_state.get(_key("class", "ok")) is True


def _password_form(scope: str, secret: Secret, label: str) -> bool:
    """True once this session gave ``secret``; otherwise draw the form and return False."""
    if st.session_state.get(_key(scope, "ok")) is True:
        return True
    with st.form(_key(scope, "form"), clear_on_submit=True, width=480):
        attempt = st.text_input(label, type="password", key=_key(scope, "password"))
        sent = st.form_submit_button("Enter", type="primary")
    if sent:
        attempts: Attempts = st.session_state.setdefault(_key(scope, "attempts"), Attempts())
        with st.spinner("Checking the password..."):
            ok = attempts.check(secret, attempt or "")
        if ok:
            st.session_state[_key(scope, "ok")] = True
            st.rerun()
        st.error(f"Wrong password. The next try waits {failure_delay(attempts.failures):g} s.", width=480)
    return False


def gate(pages: Mapping[str, list]) -> None:
    """Stop this run behind a login (title and form only) unless :func:`passed`.

    ``pages`` (what ``run_navigation`` gives ``st.navigation``) are registered hidden and not
    run: the address asked for (``/playground?lr=0.1``) stays, and opens once logged in.
    """
    if passed():
        return
    st.navigation(pages, position="hidden")
    st.title("ML Playground")
    providers = oidc_providers(_auth_section())
    if providers and not _logged_in():
        st.write("Log in with your school account to use this class's playground.")
        for provider in providers:
            label = "Log in" if provider is None else f"Log in with {provider}"
            st.button(
                label,
                type="primary",
                on_click=st.login,
                args=(provider,),
                key=_key("class", f"login-{provider}"),
            )
        st.stop()
    try:
        secret = secret_from_env(CLASS_ENV)
    except ValueError as err:
        st.error(f"The server's {CLASS_ENV}{HASH_SUFFIX} is not usable ({err}); the app stays locked.")
        st.stop()
    assert secret is not None  # passed() is False: a login or a password is missing
    st.write("This class's playground is protected by a password: ask your instructor for it.")
    _password_form("class", secret, "Class password")
    st.stop()


def instructor_enabled(env: Mapping[str, str] = os.environ) -> bool:
    """Whether the server has an instructor password (plain or hash; a malformed hash counts, so
    the page can say what is wrong with it)."""
    return bool(env.get(INSTRUCTOR_ENV + HASH_SUFFIX, "").strip() or env.get(INSTRUCTOR_ENV, ""))


def instructor_gate() -> bool:
    """True once this session gave the instructor password; otherwise draw what is needed
    (how to enable the page, or the password form) and return False."""
    try:
        secret = secret_from_env(INSTRUCTOR_ENV)
    except ValueError as err:
        st.error(f"The server's {INSTRUCTOR_ENV}{HASH_SUFFIX} is not usable ({err}).")
        return False
    if secret is None:
        st.info(
            f"This page is off. To enable it, start the server with `{INSTRUCTOR_ENV}` set (or "
            f"`{INSTRUCTOR_ENV}{HASH_SUFFIX}` set to the output of `python -m ui.access hash`)."
        )
        return False
    return _password_form("instructor", secret, "Instructor password")


def main(argv: list[str]) -> int:
    """``python -m ui.access hash``: prompt for a password (or read it from stdin) and print its hash."""
    if argv != ["hash"]:
        print("usage: python -m ui.access hash   (prints a value for MLP_*_PASSWORD_HASH)", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("An empty password is no password.", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
