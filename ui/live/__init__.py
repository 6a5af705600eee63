"""The live-view channel: runs' snapshots pushed to a client-side view over a WebSocket.

* :mod:`ui.live.session` keeps each browser session's runs behind an
  unguessable token and stops them when the session ends;
* :mod:`ui.live.routes` is the app route (``/api/live/{token}/{view}``) that
  streams frames, at most one in flight per client (slow clients skip frames);
* :mod:`ui.live.frames` packs a frame: a JSON header plus quantized byte grids;
* :mod:`ui.live.view` embeds a view (``static/<view>.html`` with the shared
  ``live.js`` and ``live.css``) in a page, through :func:`ui.embed.embed_view`.
"""
