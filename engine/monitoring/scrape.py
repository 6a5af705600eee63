"""Reading every replica's ``/api/metrics`` (``MLP_REPLICA_URLS``) with a short timeout."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from engine.monitoring.readings import Reading, parse_reading

METRICS_PATH = "/api/metrics"
MAX_BYTES = 1 << 20  # a metrics page is a few kB


def replica_urls(env: Mapping[str, str]) -> list[str]:
    """The base URLs in ``MLP_REPLICA_URLS`` (comma-separated; empty: this process only)."""
    return [url.strip().rstrip("/") for url in env.get("MLP_REPLICA_URLS", "").split(",") if url.strip()]


@dataclass(frozen=True)
class Scrape:
    """One replica's answer: its reading, or why there is none (it is down)."""

    url: str
    reading: Reading | None
    error: str | None = None


def scrape(url: str, timeout_s: float = 1.0, token: str | None = None) -> Scrape:
    """Read ``url``'s metrics; any failure (refused, timeout, HTTP error, bad text) is a down
    replica, never an exception."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Scrape(url, None, "not an http(s) URL")
    request = urllib.request.Request(url + METRICS_PATH)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            text = response.read(MAX_BYTES).decode("utf-8", "replace")
        return Scrape(url, parse_reading(text))
    except urllib.error.HTTPError as err:
        return Scrape(url, None, f"HTTP {err.code}")
    except (OSError, ValueError) as err:  # URLError, timeouts and refusals are OSErrors
        reason = getattr(err, "reason", err)
        text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
        return Scrape(url, None, (text or type(err).__name__).lower())


def scrape_all(urls: Sequence[str], timeout_s: float = 1.0, token: str | None = None) -> list[Scrape]:
    """Every replica's answer, read in parallel (the whole takes at most about ``timeout_s``)."""
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=min(16, len(urls))) as pool:
        return list(pool.map(lambda url: scrape(url, timeout_s, token), urls))
