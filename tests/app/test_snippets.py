"""Every generated code snippet on every page runs (a snippet that does not run fails CI).

The snippets are the ``st.code(..., language="python")`` blocks a page shows with its
default settings (read with AppTest). Each page's snippets run in one fresh Python
process, each snippet in its own namespace, from an empty working folder, with:

* ``epochs=N`` cut to ``epochs=2`` and ``range(N)`` loops over 100 cut to ``range(20)``
  (the snippet must run, not converge);
* ``keras.datasets.mnist.load_data`` / ``fashion_mnist.load_data`` answering with the
  bundled digits (``engine.mnist.data.load_subset``), and no network at all;
* a ``photo.png`` in the working folder (a bundled scikit-image photo), for snippets that
  open the learner's own image;
* the repository on ``PYTHONPATH`` (a snippet may import this repo's generators).

A **fragment** (a snippet meant to be pasted after other code, e.g. one that uses the
learner's ``x`` and ``y``) says so on its first line::

    # Fragment, needs x, y: ...

It is not run; it must compile, and every name it uses must be defined in it, be a
builtin, or be listed after ``needs`` (checked with ruff's undefined-name rule, F821).
A snippet that goes on from the one above it (the Keras version of a numpy fit, using
its data) says so instead, and runs after it in the same namespace::

    # Continues the snippet above: ...
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.navigation import TOPICS, TopicPage

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
#: One page's snippets together (TensorFlow's import alone takes seconds on a busy machine).
PAGE_TIMEOUT_S = 600
EPOCHS = re.compile(r"\bepochs\s*=\s*\d+")
LOOP = re.compile(r"\brange\((\d+)\)")
CONTINUES = re.compile(r"#\s*continues\b", re.IGNORECASE)
FRAGMENT = re.compile(r"#\s*fragment\b(?:[^\n]*?\bneeds\s+(?P<names>[A-Za-z_][\w ,]*))?", re.IGNORECASE)

RUNNER = textwrap.dedent(
    '''
    """Runs snippet files in fresh namespaces; prints one JSON line per snippet."""
    import json, socket, sys, traceback


    _connect = socket.socket.connect


    def _offline(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise OSError("snippet tests run offline: use the bundled data")
        return _connect(self, address)


    socket.socket.connect = _offline


    def _bundled_digits(*args, **kwargs):
        from engine.mnist.data import load_subset

        d = load_subset()
        return (d.x_train.copy(), d.y_train.copy()), (d.x_test.copy(), d.y_test.copy())


    def _patch_datasets():
        import importlib

        for name in ("keras", "tensorflow"):
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        for name in ("keras.datasets.mnist", "keras.datasets.fashion_mnist"):
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        for name, module in list(sys.modules.items()):
            if name.endswith((".datasets.mnist", ".datasets.fashion_mnist")) and hasattr(module, "load_data"):
                module.load_data = _bundled_digits


    for path in sys.argv[1:]:
        source = open(path).read()
        if "load_data" in source:
            _patch_datasets()
        try:
            exec(compile(source, path, "exec"), {"__name__": "__main__"})
            result = {"path": path, "ok": True}
        except BaseException:
            result = {"path": path, "ok": False, "error": traceback.format_exc(limit=-4)}
        sys.stdout.flush()
        print("SNIPPET-RESULT " + json.dumps(result), flush=True)
    '''
)


def page_snippets(page: TopicPage) -> list[str]:
    at = AppTest.from_file(str(ROOT / page.path), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [c.value for c in at.code if c.language == "python"]


def fragment_needs(source: str) -> list[str] | None:
    """The names a fragment takes from elsewhere, or None when the snippet is not a fragment."""
    first = source.lstrip().splitlines()[0] if source.strip() else ""
    match = FRAGMENT.match(first)
    if not match:
        return None
    return re.findall(r"[A-Za-z_]\w*", match.group("names") or "")


def shortened(source: str) -> str:
    """The snippet with its training cut short (what runs here, not what the page shows)."""
    source = EPOCHS.sub("epochs=2", source)
    return LOOP.sub(lambda m: "range(20)" if int(m.group(1)) > 100 else m.group(0), source)


def undefined_names(source: str, needs: list[str]) -> str:
    """ruff's F821 report for a fragment ("" if every name is defined or listed in ``needs``)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "F821,E9",
            "--output-format",
            "concise",
            "--config",
            f"builtins = {json.dumps(needs)}",
            "--stdin-filename",
            "fragment.py",
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return "" if proc.returncode == 0 else proc.stdout + proc.stderr


def write_photo(folder: Path) -> None:
    from PIL import Image
    from skimage import data

    Image.fromarray(data.astronaut()[::2, ::2]).save(folder / "photo.png")


def run_snippets(paths: list[Path], cwd: Path) -> tuple[dict[str, dict], str]:
    runner = cwd / "_snippet_runner.py"
    runner.write_text(RUNNER)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "",
        "MPLBACKEND": "Agg",
        "KERAS_HOME": str(cwd / ".keras"),
        "MLP_OFFLINE": "1",
    }
    proc = subprocess.run(
        [sys.executable, str(runner), *map(str, paths)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=PAGE_TIMEOUT_S,
        check=False,
    )
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("SNIPPET-RESULT "):
            result = json.loads(line.removeprefix("SNIPPET-RESULT "))
            results[result["path"]] = result
    return results, proc.stderr[-3000:]


@pytest.mark.parametrize("page", TOPICS, ids=[p.slug for p in TOPICS])
def test_every_code_snippet_runs(page: TopicPage, tmp_path: Path) -> None:
    snippets = page_snippets(page)
    if not snippets:
        pytest.skip(f"{page.path} shows no Python code")
    failures, paths, previous = [], [], ""
    for i, source in enumerate(snippets):
        needs = fragment_needs(source)
        if needs is None:
            if CONTINUES.match(source.lstrip()):
                source = previous + "\n\n" + source
            path = tmp_path / f"{page.slug}_snippet_{i}.py"
            path.write_text(shortened(source))
            paths.append(path)
            previous = source
            continue
        report = undefined_names(source, needs)
        if report:
            failures.append(f"fragment {i} (needs {needs}) uses names it does not define:\n{report}")
    if paths:
        write_photo(tmp_path)
        results, stderr = run_snippets(paths, tmp_path)
        for path in paths:
            result = results.get(str(path))
            if result is None:
                failures.append(f"{path.name} never finished (the process died?):\n{stderr}")
            elif not result["ok"]:
                failures.append(
                    f"{path.name} raised:\n{result['error']}\n--- the snippet ---\n{path.read_text()}"
                )
    assert not failures, f"{page.path}: code that does not run as shown:\n" + "\n\n".join(failures)


def test_fragments_are_recognised_by_their_first_line() -> None:
    assert fragment_needs("# Fragment, needs x, y: the page's data\nprint(x)") == ["x", "y"]
    assert fragment_needs("# fragment: a method of the optimizer class\n") == []
    assert fragment_needs("import numpy as np\n# Fragment, needs x\n") is None
    assert fragment_needs("") is None


def test_a_continuation_is_recognised_by_its_first_line() -> None:
    assert CONTINUES.match("# Continues the snippet above: the same fit in Keras")
    assert not CONTINUES.match("import keras  # continues")


def test_undefined_names_in_a_fragment_are_caught() -> None:
    source = "# Fragment, needs y, pred\nfrom sklearn.metrics import confusion_matrix\n"
    assert undefined_names(source + "print(confusion_matrix(y, pred))\n", ["y", "pred"]) == ""
    assert "accuracy_score" in undefined_names(source + "print(accuracy_score(y, pred))\n", ["y", "pred"])
    assert undefined_names("def f(:\n", [])  # a syntax error


def test_training_is_cut_short_but_the_code_is_otherwise_unchanged() -> None:
    source = "model.fit(x, y, epochs=500, verbose=0)\nfor i in range(2000):\n    pass\nfor j in range(30):\n    pass\n"
    assert shortened(source) == (
        "model.fit(x, y, epochs=2, verbose=0)\nfor i in range(20):\n    pass\nfor j in range(30):\n    pass\n"
    )
