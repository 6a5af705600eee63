/* MLPLive: the client half of the live-view channel and what every live view shares.
 *
 * connect(view, onFrame, onState): opens wss://<host>/api/live/<token>/<view>,
 * decodes each binary frame ([u32 header length][JSON header][byte buffers]),
 * calls onFrame(frame) and acknowledges it, so the server sends the next frame
 * only when this one is drawn (slow clients skip frames, never queue).
 * A hidden tab (document.hidden) neither draws nor acknowledges; it acknowledges
 * once shown again, and the server sends the newest frame.
 * Reconnects with back-off; shows the connection overlay (#conn) while it is
 * away and once the session expired.
 * Also: colour maps and a heatmap painter for byte grids; a text setter that
 * writes the DOM only on change; number formats; axis ticks; a tooltip; and
 * the canvas line chart the views draw their curves with.
 * Needs MLPEmbed (ui/embed/embed.js) and the styles of live.css.
 */
(function () {
  "use strict";
  const stats = { frames: 0, connected: false, lastHeader: null, fps: 0, expired: false, drawMs: 0 };
  window.__mlpLive = stats;  // read by browser tests and benchmarks

  // Canvases match the screen's pixel density (sharp on a projector or a zoomed page,
  // no wasted pixels elsewhere).
  const DPR = Math.min(3, Math.max(1, window.devicePixelRatio || 1));
  function $(id) { return document.getElementById(id); }
  function element(target) { return typeof target === "string" ? $(target) : target; }

  // ---- the channel -------------------------------------------------------------------------------
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

  function showConnection(state) {
    let c = $("conn");
    if (!c) { c = document.createElement("div"); c.id = "conn"; document.body.appendChild(c); }
    if (state === "open") { c.style.display = "none"; return; }
    c.style.display = "flex";
    c.textContent = state === "expired"
      ? "This live view has expired (the session ended). Reload the page to continue."
      : "Reconnecting to the live view…";
  }

  function connect(view, onFrame, onState) {
    const cfg = window.MLP_CONFIG;
    let delay = 250, socket = null, stamps = [];
    let unacked = null;  // the socket whose last frame arrived while the tab was hidden
    function report(state) { showConnection(state); if (onState) onState(state); }
    document.addEventListener("visibilitychange", function () {
      // Shown again: ask for a fresh frame (the one that came while hidden was never drawn).
      if (!document.hidden && unacked && unacked.readyState === 1) unacked.send("ack");
      if (!document.hidden) unacked = null;
    });
    function open() {
      const base = window.MLPEmbed.appUrl("/");
      const proto = base.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(proto + "//" + base.host + "/api/live/" + cfg.token + "/" + view);
      socket.binaryType = "arraybuffer";
      socket.onopen = function () { delay = 250; stats.connected = true; report("open"); };
      socket.onmessage = function (ev) {
        // A hidden tab neither draws nor acknowledges: the server sends nothing more (so a
        // run nobody watches pauses itself after a while) until the tab shows again.
        if (document.hidden) { unacked = socket; return; }
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
          report("expired");
          return;
        }
        report("reconnecting");
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 5000);
      };
    }
    open();
  }

  // ---- presenter mode -------------------------------------------------------------------------------
  // While the session presents (window.MLP_PRESENT, ui/presenter.py), every canvas of the view
  // draws larger text, thicker lines and the Okabe-Ito palette: the 2-D context's font,
  // lineWidth, strokeStyle and fillStyle are scaled and mapped as the view sets them, so each
  // view follows without code of its own (the same colour rule as ui/plot_theme.palette_color).
  const PRESENT = !!window.MLP_PRESENT;
  const FONT_SCALE = 1.3, LINE_SCALE = 1.6;
  const OKABE = { vermillion: "#D55E00", orange: "#E69F00", yellow: "#F0E442", green: "#009E73",
                  sky: "#56B4E9", blue: "#0072B2", purple: "#CC79A7" };
  const paletteCache = new Map();
  /** The presenter colour of a CSS colour (#rgb, #rrggbb, rgb(), rgba()): saturated colours by hue,
   *  greys and pale tints unchanged. */
  function paletteColor(color) {
    if (typeof color !== "string") return color;
    let out = paletteCache.get(color);
    if (out === undefined) { out = mapColor(color); paletteCache.set(color, out); }
    return out;
  }
  function mapColor(color) {
    let r, g, b, a = null, m;
    const c = color.trim();
    if ((m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c))) {
      const h = m[1].length === 6 ? m[1] : m[1].replace(/./g, "$&$&");
      r = parseInt(h.slice(0, 2), 16); g = parseInt(h.slice(2, 4), 16); b = parseInt(h.slice(4, 6), 16);
    } else if ((m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(c))) {
      r = +m[1]; g = +m[2]; b = +m[3]; a = m[4] === undefined ? null : m[4];
    } else return color;
    r /= 255; g /= 255; b /= 255;
    const max = Math.max(r, g, b), min = Math.min(r, g, b), light = (max + min) / 2, d = max - min;
    const sat = d === 0 ? 0 : d / (1 - Math.abs(2 * light - 1));
    if (sat < 0.35 || light > 0.8 || light < 0.12) return color;
    let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    hue = (hue * 60 + 360) % 360;
    const name = hue < 18 || hue >= 340 ? "vermillion" : hue < 50 ? "orange" : hue < 70 ? "yellow"
      : hue < 175 ? "green" : hue < 255 ? (light > 0.6 ? "sky" : "blue") : "purple";
    const hex = OKABE[name];
    if (a === null) return hex;
    return "rgba(" + [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); }).join(",") + "," + a + ")";
  }
  function presentCanvas() {
    const proto = CanvasRenderingContext2D.prototype;
    function wrap(name, map) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      Object.defineProperty(proto, name, {
        configurable: true, enumerable: d.enumerable, get: d.get,
        set: function (v) { d.set.call(this, map(v)); },
      });
    }
    wrap("strokeStyle", paletteColor);
    wrap("fillStyle", paletteColor);
    wrap("lineWidth", function (v) { return v * LINE_SCALE; });
    wrap("font", function (v) {
      return String(v).replace(/([\d.]+)px/, function (all, n) { return (n * FONT_SCALE).toFixed(1) + "px"; });
    });
  }
  if (PRESENT) presentCanvas();

  // ---- colours and heatmaps ------------------------------------------------------------------------
  function hexToRgb(hex) {
    const v = parseInt(hex.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  function mix(a, b, t) {
    return [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * t); });
  }
  // TF Playground's colours: orange (-1) -> light grey (0) -> blue (+1).
  // (Presenter mode: the Okabe-Ito orange and blue.)
  const NEG = hexToRgb(PRESENT ? OKABE.orange : "#f59322"), MID = hexToRgb("#e8eaeb");
  const POS = hexToRgb(PRESENT ? OKABE.blue : "#0877bd");
  const CLASS_COLORS = ["#f59322", "#0877bd", "#2ca02c", "#9467bd"].map(function (c) {
    return hexToRgb(PRESENT ? paletteColor(c) : c);
  });

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

  // ---- text ----------------------------------------------------------------------------------------
  /** set(target, text[, key]): write an element's text only when it changes (every DOM
   *  write costs style and layout). target: an element id, or an element with a key.
   *  onChange(key, text) hears every change. set.html(...) likewise for markup;
   *  set.status(target, status) writes the status pill (text and colour class);
   *  set.visible(target, on[, display]) shows or hides (true when it changed). */
  function textSetter(onChange) {
    const shown = {}, flags = {};
    function set(target, text, key) {
      const k = key || target;
      if (shown[k] === text) return;
      shown[k] = text;
      element(target).textContent = text;
      if (onChange) onChange(k, text);
    }
    set.html = function (target, html, key) {
      const k = "html:" + (key || target);
      if (shown[k] === html) return;
      shown[k] = html;
      element(target).innerHTML = html;
    };
    set.status = function (target, status) {
      set(target, status);
      const el = element(target);
      if (el.className !== status) el.className = status;
    };
    set.visible = function (target, on, display) {
      const k = key(target);
      if (flags[k] === on) return false;
      flags[k] = on;
      element(target).style.display = on ? (display || "") : "none";
      return true;
    };
    function key(target) { return typeof target === "string" ? target : target.id; }
    set.shown = shown;
    return set;
  }

  // ---- numbers -------------------------------------------------------------------------------------
  const DASH = "–";
  function missing(v) { return v === null || v === undefined || !isFinite(v); }
  /** A step or epoch counter: 000,123. */
  function counter(n) { return String(n).padStart(6, "0").replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  /** d decimals; scientific where that would show no digit (or too many). */
  function fixed(v, d) {
    if (missing(v)) return DASH;
    const a = Math.abs(v);
    return a !== 0 && (a >= 1e5 || a < 0.5 * Math.pow(10, -d)) ? Number(v).toExponential(2) : Number(v).toFixed(d);
  }
  /** A fraction as a percentage: 0.123 -> "12.3%". */
  function percent(v, d) { return missing(v) ? DASH : (100 * v).toFixed(d === undefined ? 1 : d) + "%"; }
  /** Three significant digits: 0.0123, 4.56, 1.2e-5. */
  function sig(v) {
    if (missing(v)) return DASH;
    const a = Math.abs(v);
    if (a === 0) return "0";
    return a < 1e-3 || a >= 1e5 ? v.toExponential(1) : String(+v.toPrecision(3));
  }
  /** Seconds: "12.3 s", "2 min 5 s". */
  function seconds(s) {
    if (missing(s)) return DASH;
    return s < 60 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
  }

  // ---- axes --------------------------------------------------------------------------------------------
  /** A round step (1, 2 or 5 times a power of ten) that cuts span into about n parts. */
  function niceStep(span, n) {
    const raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
  }
  /** The multiples of niceStep(hi - lo, n) from lo to hi. */
  function ticks(lo, hi, n) {
    if (!(hi > lo)) return [lo];
    const step = niceStep(hi - lo, n), out = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * (hi - lo); k++) {
      const v = +(k * step).toPrecision(12);
      out.push(Math.abs(v) < 1e-12 ? 0 : v);
    }
    return out;
  }
  function tickLabel(v) {
    return Math.abs(v) >= 1000 ? +(v / 1000).toPrecision(3) + "k" : String(+v.toPrecision(3));
  }

  // ---- tooltip -------------------------------------------------------------------------------------
  function tip(ev, text, room) {
    let t = $("tooltip");
    if (!t) { t = document.createElement("div"); t.id = "tooltip"; document.body.appendChild(t); }
    t.textContent = text; t.style.display = "block";
    t.style.left = Math.min(ev.clientX + 12, window.innerWidth - (room || 260)) + "px";
    t.style.top = (ev.clientY + 12) + "px";
  }
  function untip() { const t = $("tooltip"); if (t) t.style.display = "none"; }

  // ---- the canvas line chart -------------------------------------------------------------------------
  // Presenter mode: dark ink (the font and line sizes scale in presentCanvas()).
  const INK = PRESENT ? "#1f2430" : "#5f6673", GRID = "#e4e7eb", FRAME = "#9aa1ab", FONT = "12px sans-serif";

  /** Clear a canvas; returns its context, drawing in CSS px at the screen's density. */
  function clear(canvas) {
    const ctx = canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(DPR, 0, 0, DPR, 0, 0);
    return ctx;
  }
  /** Size a canvas's bitmap to its CSS box at the screen's density; clear it. */
  function sizeCanvas(canvas) {
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const bw = Math.round(w * DPR), bh = Math.round(h * DPR);
    if (canvas.width !== bw || canvas.height !== bh) { canvas.width = bw; canvas.height = bh; }
    return { ctx: clear(canvas), w: w, h: h };
  }

  function marker(ctx, shape, x, y, color) {
    if (shape === "x") {
      ctx.strokeStyle = color; ctx.lineWidth = 2.5; ctx.beginPath();
      ctx.moveTo(x - 5, y - 5); ctx.lineTo(x + 5, y + 5); ctx.moveTo(x + 5, y - 5); ctx.lineTo(x - 5, y + 5);
      ctx.stroke();
    } else {
      ctx.fillStyle = color; ctx.beginPath(); ctx.arc(x, y, shape === "dot" ? 4.5 : 3.5, 0, 2 * Math.PI); ctx.fill();
    }
  }

  function drawLine(ctx, s, X, Y) {
    ctx.strokeStyle = s.color; ctx.lineWidth = s.width || 2; ctx.setLineDash(s.dash || []);
    ctx.globalAlpha = s.alpha || 1;
    ctx.beginPath();
    let started = false, last = null;
    const shown = [];
    s.pts.forEach(function (p) {
      if (!p || p[0] === null || p[1] === null || !isFinite(p[0]) || !isFinite(p[1])) { started = false; return; }
      const x = X(p[0]), y = Y(p[1]);
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
      last = [x, y];
      if (s.dots) shown.push(last);
    });
    ctx.stroke(); ctx.setLineDash([]); ctx.globalAlpha = 1;
    shown.forEach(function (q) { marker(ctx, "point", q[0], q[1], s.color); });
    if (s.end && last) marker(ctx, s.end, last[0], last[1], s.endColor || s.color);
  }

  /** The margins round a chart's plot: larger in presenter mode, for the larger labels. */
  function presentMargin(m) {
    if (!PRESENT) return m;
    return { l: m.l * FONT_SCALE, r: m.r * FONT_SCALE, t: m.t * FONT_SCALE, b: m.b * FONT_SCALE };
  }

  /** A line chart on a canvas (sized by sizeCanvas). spec:
   *    x, y: [lo, hi] ranges; margin: {l, r, t, b} (CSS px round the plot); font: a CSS font (12px);
   *    xTicks, yTicks: tick values; xFmt, yFmt: value -> label (default tickLabel);
   *    vgrid: vertical grid lines too; box: a frame round the plot (else left and bottom axes);
   *    zero: the lines x = 0 and y = 0 where they cross the plot; xLabel, yLabel: axis titles;
   *    y2: {y: [lo, hi], ticks, fmt}: labels of a right-hand axis;
   *    lines: [{pts: [[x, y], ...] (a null point or value breaks the line), color, width, dash,
   *             alpha, y2 (on the right-hand axis), dots (a dot at each point),
   *             end: "dot" | "x" (a marker at the last point, in endColor)}];
   *    legend: [{name, color, width, dash}]: one row under the plot.
   *  Returns {ctx, X, Y, clip}: clip() limits later drawing to the plot (ctx.restore() ends it). */
  function chart(canvas, spec) {
    const c = sizeCanvas(canvas), ctx = c.ctx, m = presentMargin(spec.margin);
    const pw = c.w - m.l - m.r, ph = c.h - m.t - m.b;
    const scale = function (r, lo, len, flip) {
      return function (v) { const t = (v - r[0]) / (r[1] - r[0]); return lo + (flip ? 1 - t : t) * len; };
    };
    const X = scale(spec.x, m.l, pw, false), Y = scale(spec.y, m.t, ph, true);
    const Y2 = spec.y2 ? scale(spec.y2.y, m.t, ph, true) : Y;
    const xFmt = spec.xFmt || tickLabel, yFmt = spec.yFmt || tickLabel;
    ctx.font = spec.font || FONT; ctx.lineWidth = 1; ctx.fillStyle = INK; ctx.strokeStyle = GRID;
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    (spec.yTicks || []).forEach(function (v) {
      const y = Math.round(Y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(m.l, y); ctx.lineTo(m.l + pw, y); ctx.stroke();
      ctx.fillText(yFmt(v), m.l - 5, Y(v));
    });
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    (spec.xTicks || []).forEach(function (v) {
      if (spec.vgrid) {
        const x = Math.round(X(v)) + 0.5;
        ctx.beginPath(); ctx.moveTo(x, m.t); ctx.lineTo(x, m.t + ph); ctx.stroke();
      }
      ctx.fillText(xFmt(v), X(v), m.t + ph + 4);
    });
    if (spec.y2) {
      ctx.textAlign = "left"; ctx.textBaseline = "middle";
      spec.y2.ticks.forEach(function (v) { ctx.fillText(spec.y2.fmt(v), m.l + pw + 4, Y2(v)); });
    }
    ctx.strokeStyle = FRAME; ctx.beginPath();
    if (spec.zero && spec.y[0] < 0 && spec.y[1] > 0) { ctx.moveTo(m.l, Y(0)); ctx.lineTo(m.l + pw, Y(0)); }
    if (spec.zero && spec.x[0] < 0 && spec.x[1] > 0) { ctx.moveTo(X(0), m.t); ctx.lineTo(X(0), m.t + ph); }
    if (spec.box) ctx.rect(m.l + 0.5, m.t + 0.5, pw, ph);
    else { ctx.moveTo(m.l + 0.5, m.t); ctx.lineTo(m.l + 0.5, m.t + ph + 0.5); ctx.lineTo(m.l + pw, m.t + ph + 0.5); }
    ctx.stroke();
    ctx.textAlign = "center";
    if (spec.xLabel) { ctx.textBaseline = "bottom"; ctx.fillText(spec.xLabel, m.l + pw / 2, c.h - 1); }
    if (spec.yLabel) {
      ctx.save(); ctx.translate(12, m.t + ph / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle";
      ctx.fillText(spec.yLabel, 0, 0); ctx.restore();
    }
    const clip = function () { ctx.save(); ctx.beginPath(); ctx.rect(m.l, m.t - 1, pw + 1, ph + 2); ctx.clip(); };
    clip();
    (spec.lines || []).forEach(function (s) { drawLine(ctx, s, X, s.y2 ? Y2 : Y); });
    ctx.restore();
    let lx = m.l;
    const ly = c.h - (PRESENT ? 9 * FONT_SCALE : 9);
    (spec.legend || []).forEach(function (e) {
      ctx.strokeStyle = e.color; ctx.lineWidth = e.width || 2; ctx.setLineDash(e.dash || []);
      ctx.beginPath(); ctx.moveTo(lx, ly); ctx.lineTo(lx + 18, ly); ctx.stroke(); ctx.setLineDash([]);
      ctx.fillStyle = INK; ctx.textAlign = "left"; ctx.textBaseline = "middle"; ctx.fillText(e.name, lx + 22, ly);
      lx += 30 + ctx.measureText(e.name).width;
    });
    return { ctx: ctx, X: X, Y: Y, clip: clip };
  }

  window.MLPLive = {
    connect: connect, buffer: buffer, decodeFrame: decodeFrame, opaqueBackground: opaqueBackground,
    divergingLut: divergingLut, paintGrid: paintGrid, lutColor: lutColor, mix: mix,
    hexToRgb: hexToRgb, NEG: NEG, MID: MID, POS: POS, CLASS_COLORS: CLASS_COLORS,
    DPR: DPR, PRESENT: PRESENT, paletteColor: paletteColor, $: $, textSetter: textSetter, tip: tip, untip: untip,
    counter: counter, fixed: fixed, percent: percent, sig: sig, seconds: seconds,
    niceStep: niceStep, ticks: ticks, tickLabel: tickLabel, clear: clear, sizeCanvas: sizeCanvas, chart: chart,
  };
})();
