/* MLPEmbed: what every embedded view (live view or player) shares.
 *
 * appUrl(path): an absolute URL on the app's server (the view is an iframe whose
 * document has no URL of its own: the parent page's address is the base).
 * loadPlotly(onload, onerror): adds plotly.js (served by the app itself, no CDN)
 * to the view once (from window.MLP_PLOTLY_URL, set by ui/embed); onload runs
 * when window.Plotly is there.
 * present: presenter mode (window.MLP_PRESENT, set by ui/embed while the session
 * presents; the document then has the class "mlp-present").
 * It also reports the view's height to the page (see reportHeight).
 */
(function () {
  "use strict";
  // Presenter mode (window.MLP_PRESENT, set by ui/embed while the session presents).
  if (window.MLP_PRESENT) document.documentElement.classList.add("mlp-present");

  function appUrl(path) {
    let base;
    try { base = window.parent.location.href; } catch (e) { base = document.baseURI; }
    return new URL(path, base);
  }

  function loadPlotly(onload, onerror) {
    if (window.Plotly) { if (onload) onload(); return; }
    const s = document.createElement("script");
    s.src = appUrl(window.MLP_PLOTLY_URL).href;
    s.onload = function () { if (onload) onload(); };
    s.onerror = function () { if (onerror) onerror(); };
    document.head.appendChild(s);
  }

  // A content-sized st.iframe (height="content") grows with the view but never shrinks:
  // Streamlit (1.67) measures the document's scrollHeight, which is never less than the
  // iframe's current height. The view reports its body's own height as well, in the
  // same message, whenever the body changes size, so a view that gets shorter (a new
  // configuration of a player) shrinks its iframe too. (A fixed-height iframe ignores it.)
  function reportHeight() {
    const b = document.body, cs = getComputedStyle(b);
    const h = Math.ceil(b.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom));
    window.parent.postMessage({ type: "streamlit:iframe:setSize", width: document.documentElement.clientWidth, height: h }, "*");
  }
  function watchHeight() {
    if (window.parent !== window && typeof ResizeObserver !== "undefined") new ResizeObserver(reportHeight).observe(document.body);
  }
  if (document.body) watchHeight(); else document.addEventListener("DOMContentLoaded", watchHeight);

  window.MLPEmbed = { appUrl: appUrl, loadPlotly: loadPlotly, present: !!window.MLP_PRESENT };
})();
