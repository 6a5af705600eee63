"""The class password and OIDC login (``ui.access``): nothing of the app, pages or live
channel, before the session has logged in; the hash format; the growing delay.

The app tests run ``app.py`` as the server does: Streamlit's legacy pages-folder mode off
(``app.py`` switches it off when the server imports it; AppTest would otherwise run a
switched-to page directly, without ``app.py``'s navigation and its gate).
"""

from __future__ import annotations

import base64
import io
import json
import re
import sys
from collections.abc import Callable, Iterator

import pytest
from starlette.applications import Starlette
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests import asgi
from tests.app.conftest import APP, TIMEOUT
from ui import access
from ui.live import session as live_session
from ui.live.routes import live_routes

PASSWORD = "correct horse"
PAGES = ("pages/home.py", "pages/playground.py", "pages/hello_tensorflow.py")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-cookie-secret-for-tests",
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., AppTest]]:
    """``open_app(page=None)``: ``app.py`` on ``page`` as a browser opens its address."""
    init = PagesManager.__init__

    def init_as_served(self: PagesManager, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_as_served)
    for name in ("MLP_CLASS_PASSWORD", "MLP_CLASS_PASSWORD_HASH"):
        monkeypatch.delenv(name, raising=False)

    def open_app(page: str | None = None, **options: object) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        for name, value in options.items():
            setattr(at, name, value)
        at.run()
        if page is not None:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield open_app


def is_gate(at: AppTest) -> bool:
    """Only the login: its title, one sentence and the form (or login buttons); no page content."""
    texts = [m.value for m in at.markdown]
    return (
        [t.value for t in at.title] == ["ML Playground"]
        and len(texts) == 1
        and ("password" in texts[0] or "Log in" in texts[0])
        and not at.sidebar.children
        and not at.tabs
        and not at.subheader
        and not at.get("iframe")
        and {b.label for b in at.button} <= {"Enter", "Log in", "Log in with google", "Log in with microsoft"}
    )


def live_token(at: AppTest) -> str:
    """The live view's token (its iframe's ``window.MLP_CONFIG``; other iframes are skipped)."""
    found = [re.search(r"window\.MLP_CONFIG = (\{.*?\});", frame.proto.srcdoc) for frame in at.get("iframe")]
    configs = [json.loads(match[1]) for match in found if match]
    assert len(configs) == 1, "the live view is missing"
    return configs[0]["token"]


def submit(at: AppTest, password: str) -> AppTest:
    at.text_input[0].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- pure parts -----------------------------------------------------------------------


def test_hash_command_prints_a_scrypt_hash(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert access.main(["hash"]) == 0
    hashed = capsys.readouterr().out.strip()
    match = re.fullmatch(r"scrypt\$16384\$8\$1\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)", hashed)
    assert match, hashed
    assert len(base64.b64decode(match[1])) == 16 and len(base64.b64decode(match[2])) == 32
    secret = access.Secret(hashed=hashed)
    assert secret.matches(PASSWORD) and not secret.matches(PASSWORD + " ") and not secret.matches("")
    assert access.hash_password(PASSWORD) != access.hash_password(PASSWORD)  # salted
    assert access.main(["nonsense"]) == 2


def test_django_pbkdf2_hashes_are_accepted() -> None:
    import hashlib

    key = base64.b64encode(hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), b"seasalt", 1000)).decode()
    secret = access.Secret(hashed=f"pbkdf2_sha256$1000$seasalt${key}")
    assert secret.matches(PASSWORD) and not secret.matches("wrong")


@pytest.mark.parametrize(
    "bad",
    [
        "plain-text",
        "scrypt$16384$8$1$c2FsdA==",
        "scrypt$1000$8$1$c2FsdA==$" + "A" * 44,
        "pbkdf2_sha256$x$s$" + "A" * 44,
    ],
)
def test_malformed_hashes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        access.Secret(hashed=bad)


def test_secret_from_env() -> None:
    assert access.secret_from_env("MLP_CLASS_PASSWORD", {}) is None
    assert access.secret_from_env("MLP_CLASS_PASSWORD", {"MLP_CLASS_PASSWORD": ""}) is None
    plain = access.secret_from_env("MLP_CLASS_PASSWORD", {"MLP_CLASS_PASSWORD": "pw"})
    assert plain is not None and plain.matches("pw") and not plain.matches("pW")
    hashed = access.hash_password("from-hash")
    both = {"MLP_CLASS_PASSWORD": "pw", "MLP_CLASS_PASSWORD_HASH": hashed}
    secret = access.secret_from_env("MLP_CLASS_PASSWORD", both)
    assert secret is not None and secret.matches("from-hash") and not secret.matches("pw")
    with pytest.raises(ValueError):
        access.secret_from_env("MLP_CLASS_PASSWORD", {"MLP_CLASS_PASSWORD_HASH": "garbage"})


def test_the_instructor_link_shows_only_with_an_instructor_password() -> None:
    assert not access.instructor_enabled({})
    assert not access.instructor_enabled({"MLP_INSTRUCTOR_PASSWORD": ""})
    assert access.instructor_enabled({"MLP_INSTRUCTOR_PASSWORD": "teach"})
    assert access.instructor_enabled({"MLP_INSTRUCTOR_PASSWORD_HASH": "garbage"})  # the page says why


def test_failed_attempts_wait_longer_and_longer_up_to_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(access, "sleep", slept.append)
    monkeypatch.setattr(access, "clock", lambda: 100.0)  # attempts come back to back
    attempts, secret = access.Attempts(), access.Secret(plain=PASSWORD)
    for _ in range(8):
        assert not attempts.check(secret, "guess")
    assert slept == [0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert attempts.check(secret, PASSWORD)
    assert slept[-1] == 10.0 and attempts.failures == 0
    assert attempts.check(secret, PASSWORD) and slept[-1] == 0.0  # success resets the delay


def test_a_wait_already_spent_is_not_slept_again(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    slept: list[float] = []
    monkeypatch.setattr(access, "sleep", slept.append)
    monkeypatch.setattr(access, "clock", lambda: now[0])
    attempts, secret = access.Attempts(), access.Secret(plain=PASSWORD)
    for _ in range(3):
        attempts.check(secret, "guess")
    now[0] += 1.5  # the 2 s delay is three quarters gone
    attempts.check(secret, "guess")
    assert slept[-1] == pytest.approx(0.5)


def test_oidc_providers_from_the_auth_section() -> None:
    assert access.oidc_providers(None) == ()
    assert access.oidc_providers({}) == ()
    assert access.oidc_providers(AUTH) == (None,)  # client_id in [auth]: st.login()
    named = {
        "redirect_uri": "x",
        "cookie_secret": "y",
        "google": {"client_id": "a"},
        "microsoft": {"client_id": "b"},
    }
    assert access.oidc_providers(named) == ("google", "microsoft")


# --- the app ---------------------------------------------------------------------------


def test_without_a_password_the_app_is_open(served: Callable[..., AppTest]) -> None:
    assert not is_gate(served())
    assert [t.value for t in served("pages/playground.py").title] == ["Neural network playground"]


@pytest.mark.parametrize("page", PAGES)
def test_missing_or_wrong_password_sees_no_page(
    served: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("MLP_CLASS_PASSWORD", PASSWORD)
    monkeypatch.setattr(access, "sleep", lambda s: None)
    at = served(page)
    assert is_gate(at)
    assert [t.label for t in at.text_input] == ["Class password"]
    submit(at, "wrong")
    assert is_gate(at)
    assert "Wrong password" in at.error[0].value


def test_the_right_password_opens_the_page_asked_for(
    served: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_CLASS_PASSWORD_HASH", access.hash_password(PASSWORD))
    at = served("pages/playground.py")
    assert is_gate(at)
    submit(at, PASSWORD)
    assert [t.value for t in at.title] == ["Neural network playground"]
    at.switch_page("pages/home.py").run()  # the session stays logged in
    assert not is_gate(at) and at.subheader


def test_the_delay_grows_per_session_in_the_app(
    served: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_CLASS_PASSWORD", PASSWORD)
    slept: list[float] = []
    monkeypatch.setattr(access, "sleep", slept.append)
    monkeypatch.setattr(access, "clock", lambda: 0.0)
    at = served()
    for _ in range(3):
        submit(at, "guess")
    assert slept == [0.0, 0.5, 1.0]
    assert "waits 2 s" in at.error[0].value
    submit(at, PASSWORD)
    assert slept[-1] == 2.0 and not is_gate(at)


def test_a_malformed_hash_keeps_the_app_locked(
    served: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_CLASS_PASSWORD_HASH", "not-a-hash")
    at = served()
    assert "not usable" in at.error[0].value
    assert not at.text_input and not at.subheader and not at.get("iframe")


def test_an_unauthorised_token_cannot_open_the_live_channel(
    served: Callable[..., AppTest], run_page: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLP_CLASS_PASSWORD", PASSWORD)
    app = Starlette(routes=live_routes())
    # The page run alone (no gate) still creates the session's holder: its token is dead.
    token = live_token(run_page("pages/playground.py"))
    assert live_session.lookup(token) is None
    assert asgi.websocket_first_message(app, f"/api/live/{token}/playground") == {
        "type": "websocket.close",
        "code": 4404,
        "reason": "",
    }
    # Once this session gave the password, the same holder's token opens the channel.
    at = submit(served("pages/playground.py"), PASSWORD)
    assert live_token(at) == token
    assert live_session.lookup(token) is not None
    assert asgi.websocket_first_message(app, f"/api/live/{token}/playground")["type"] == "websocket.accept"


def test_oidc_when_secrets_have_auth(served: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    at = served("pages/playground.py", secrets={"auth": AUTH}, user={"is_logged_in": False})
    assert is_gate(at)
    assert [b.label for b in at.button] == ["Log in"] and not at.text_input
    at = served(
        "pages/playground.py",
        secrets={"auth": AUTH},
        user={"is_logged_in": True, "email": "t@school.example"},
    )
    assert [t.value for t in at.title] == ["Neural network playground"]
    # With a class password as well, a logged-in user still needs it.
    monkeypatch.setenv("MLP_CLASS_PASSWORD", PASSWORD)
    at = served(secrets={"auth": AUTH}, user={"is_logged_in": True})
    assert is_gate(at) and [t.label for t in at.text_input] == ["Class password"]


def test_oidc_named_providers_get_a_button_each(served: Callable[..., AppTest]) -> None:
    auth = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"]}
    auth |= {"google": {"client_id": "a"}, "microsoft": {"client_id": "b"}}
    at = served(secrets={"auth": auth}, user={"is_logged_in": False})
    assert is_gate(at)
    assert [b.label for b in at.button] == ["Log in with google", "Log in with microsoft"]
