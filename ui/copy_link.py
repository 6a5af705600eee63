"""The "Copy link" button above every page's top right: the address bar, which holds the
page's whole configuration (``ui.url_state.PageState.remember``), copied to the clipboard.

A tiny ``st.iframe`` (Streamlit's iframes allow ``clipboard-write`` and same-origin access to
the app) reads ``window.parent.location`` when clicked, drops the presenter-mode flag (the
Share tab's links leave it out too) and copies it with ``navigator.clipboard``. Where that is
refused (plain ``http://`` on a lab server is not a secure context), it selects the link in a
hidden text field and uses ``document.execCommand("copy")``; if even that fails, the browser
shows the link in a prompt to copy by hand. A CSS rule places the button in the empty band
between the top bar and the page's title, right-aligned with the page and out of its flow, so
no page moves down for it (and it scrolls away with the page, covering nothing).
"""

from __future__ import annotations

import streamlit as st

#: The container's key: Streamlit gives it the CSS class ``st-key-<key>``.
KEY = "mlp-copy-link"
LABEL = "Copy link"
DONE = "Link copied"
#: Material Symbols' "link" icon (Apache-2.0) as inline SVG: no emoji font needed.
ICON = (
    '<svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor" d="'
    "M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1z"
    "M8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5"
    's-2.24-5-5-5z"/></svg>'
)
#: The iframe's size (CSS px): room for the longer of the two labels.
WIDTH, HEIGHT = 132, 34

_STYLE = f"""<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-{KEY}) {{ display: contents; }}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ position: relative; }}
.st-key-{KEY} {{
  position: absolute; top: -3.25rem; right: 0; z-index: 10;
  width: {WIDTH}px; height: {HEIGHT}px; overflow: hidden;
}}
@media print {{ .st-key-{KEY} {{ display: none; }} }}
</style>"""

_HTML = f"""<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body {{ margin: 0; padding: 0; background: transparent; overflow: hidden; }}
button {{
  box-sizing: border-box; width: {WIDTH}px; height: {HEIGHT}px; cursor: pointer;
  display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  font: 500 15px "Source Sans Pro", "Source Sans 3", system-ui, sans-serif; color: #31333f;
  background: #fff; border: 1px solid rgba(49, 51, 63, 0.35); border-radius: 8px;
}}
button:hover {{ border-color: #ff4b4b; color: #ff4b4b; }}
button:focus-visible {{ outline: 2px solid #ff4b4b; outline-offset: -3px; }}
button.done {{ border-color: #21c354; color: #177233; }}
#field {{ position: absolute; left: -9999px; top: 0; width: 1px; height: 1px; }}
</style></head><body>
<button id="copy" type="button" title="Copy this page's address: a link that opens exactly this experiment"
  aria-live="polite">{ICON}<span id="label">{LABEL}</span></button>
<textarea id="field" readonly tabindex="-1" aria-hidden="true"></textarea>
<script>
(function () {{
  const button = document.getElementById("copy");
  const label = document.getElementById("label");
  const field = document.getElementById("field");
  let timer = null;
  function link() {{
    const url = new URL(window.parent.location.href);
    url.searchParams.delete("present");
    return url.toString();
  }}
  function show(text, done) {{
    label.textContent = text;
    button.classList.toggle("done", done);
    clearTimeout(timer);
    timer = setTimeout(function () {{
      label.textContent = "{LABEL}";
      button.classList.remove("done");
    }}, 2500);
  }}
  function byHand(text) {{
    field.value = text;
    field.select();
    let ok = false;
    try {{ ok = document.execCommand("copy"); }} catch (err) {{ ok = false; }}
    if (ok) {{ show("{DONE}", true); return; }}
    window.parent.prompt("Copy this link (Ctrl+C, then Enter):", text);
  }}
  button.addEventListener("click", function () {{
    const text = link();
    if (navigator.clipboard && window.isSecureContext) {{
      navigator.clipboard.writeText(text).then(
        function () {{ show("{DONE}", true); }},
        function () {{ byHand(text); }}
      );
    }} else {{
      byHand(text);
    }}
  }});
}})();
</script></body></html>"""


def copy_link_button() -> None:
    """Render the button (once per run, from ``ui.navigation.run_navigation``)."""
    st.html(_STYLE)
    with st.container(key=KEY):
        st.iframe(_HTML, width=WIDTH, height=HEIGHT)
