/* MLPLive: the client half of the live-view channel (shared by every live view).
 *
 * connect(view, onFrame): opens wss://<host>/api/live/<token>/<view>, decodes each
 * binary frame ([u32 header length][JSON header][byte buffers]), calls
 * onFrame(header, bytes) and acknowledges it, so the server sends the next
 * frame only when this one is drawn (slow clients skip frames, never queue).
 * Reconnects with back-off; tells the page when its session expired.
 * Also: colour maps and a heatmap painter for byte grids.
 */
(function () {
  "use strict";
  const stats = { frames: 0, connected: false, lastHeader: null, fps: 0, expired: false, drawMs: 0 };
  window.__mlpLive = stats;  // read by browser tests and benchmarks

  function baseUrl() {
    try { return new URL(window.parent.location.href); } catch (e) { return new URL(document.baseURI); }
  }

  function decodeFrame(buf) {
    const n = new DataView(buf).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, n)));
    return { header: header, body: new Uint8Array(buf, 4 + n) };
  }

  function buffer(frame, name) {
    const meta = frame.header.buffers[name];
    if (!meta) return null;
    return { meta: meta, data: frame.body.subarray(meta.offset, meta.offset + meta.length) };
  }

  function connect(view, onFrame, onState) {
    const cfg = window.MLP_CONFIG;
    let delay = 250, socket = null, stamps = [];
    function open() {
      const base = baseUrl();
      const proto = base.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(proto + "//" + base.host + "/api/live/" + cfg.token + "/" + view);
      socket.binaryType = "arraybuffer";
      socket.onopen = function () { delay = 250; stats.connected = true; onState && onState("open"); };
      socket.onmessage = function (ev) {
        let frame = null;
        const t0 = performance.now();
        try {
          frame = decodeFrame(ev.data);
          onFrame(frame);
          stats.drawMs = 0.9 * stats.drawMs + 0.1 * (performance.now() - t0);
        } catch (err) {
          console.error("live view: bad frame", err);
        }
        stats.frames += 1;
        stats.lastHeader = frame && frame.header;
        const now = performance.now();
        stamps.push(now);
        while (stamps.length && now - stamps[0] > 2000) stamps.shift();
        stats.fps = stamps.length > 1 ? (stamps.length - 1) * 1000 / (now - stamps[0]) : 0;
        // Acknowledge after the browser has painted this frame.
        requestAnimationFrame(function () { if (socket.readyState === 1) socket.send("ack"); });
      };
      socket.onclose = function (ev) {
        stats.connected = false;
        if (ev.code === 4404 || ev.code === 4410) {
          stats.expired = true;
          onState && onState("expired");
          return;
        }
        onState && onState("reconnecting");
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 5000);
      };
    }
    open();
  }

  function hexToRgb(hex) {
    const v = parseInt(hex.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  function mix(a, b, t) {
    return [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * t); });
  }
  // TF Playground's colours: orange (-1) -> light grey (0) -> blue (+1).
  const NEG = hexToRgb("#f59322"), MID = hexToRgb("#e8eaeb"), POS = hexToRgb("#0877bd");
  const CLASS_COLORS = ["#f59322", "#0877bd", "#2ca02c", "#9467bd"].map(hexToRgb);

  /** 256-entry RGB table for a byte b meaning value -1 + 2b/255 (shared: do not modify). */
  const lutCache = {};
  function divergingLut(discretize) {
    const key = discretize ? "d" : "c";
    return lutCache[key] || (lutCache[key] = makeDivergingLut(discretize));
  }
  function makeDivergingLut(discretize) {
    const lut = new Uint8ClampedArray(256 * 3);
    for (let b = 0; b < 256; b++) {
      let t = b / 255 * 2 - 1;
      if (discretize) t = t >= 0 ? 1 : -1;
      const c = t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
      lut.set(c, b * 3);
    }
    return lut;
  }

  /** Put a (h, w) byte grid into a canvas at the grid's own resolution, through
   *  colorOf(index, byte) -> [r, g, b]; CSS scales the canvas to its display size
   *  (far cheaper than resampling on the canvas every frame). */
  function paintGrid(canvas, bytes, w, h, colorOf) {
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    // Opaque: the compositor need not blend the canvas with what lies under it.
    const ctx = canvas.getContext("2d", { alpha: false }), img = ctx.createImageData(w, h), px = img.data;
    const lut = colorOf.lut;
    if (lut) {  // a lutColor(): straight table lookups, no per-pixel allocation
      for (let i = 0, o = 0; i < w * h; i++, o += 4) {
        const b = bytes[i] * 3;
        px[o] = lut[b]; px[o + 1] = lut[b + 1]; px[o + 2] = lut[b + 2]; px[o + 3] = 255;
      }
    } else {
      for (let i = 0, o = 0; i < w * h; i++, o += 4) {
        const c = colorOf(i, bytes[i]);
        px[o] = c[0]; px[o + 1] = c[1]; px[o + 2] = c[2]; px[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  function lutColor(lut) {
    const colorOf = function (i, b) { return [lut[b * 3], lut[b * 3 + 1], lut[b * 3 + 2]]; };
    colorOf.lut = lut;
    return colorOf;
  }

  /** Paint the view's body with the host page's background colour (falls back to
   *  transparent): an opaque view lets the browser skip compositing the page under
   *  it on every frame. */
  function opaqueBackground() {
    try {
      const doc = window.parent.document;
      const host = doc.querySelector("[data-testid=stApp]") || doc.body;
      const bg = getComputedStyle(host).backgroundColor;
      if (bg && bg !== "transparent" && !/rgba\(.*,\s*0\)$/.test(bg)) document.body.style.background = bg;
    } catch (e) { /* another origin: keep the transparent default */ }
  }

  window.MLPLive = {
    opaqueBackground: opaqueBackground,
    connect: connect, buffer: buffer, decodeFrame: decodeFrame,
    divergingLut: divergingLut, paintGrid: paintGrid, lutColor: lutColor, mix: mix,
    hexToRgb: hexToRgb, NEG: NEG, MID: MID, POS: POS, CLASS_COLORS: CLASS_COLORS,
  };
})();
