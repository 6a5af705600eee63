"""The attention page's UI: live-view frames, the explanation with live numbers, presets' rows."""
