"""HTTP helpers for server tests: a logged-in session that opens app pages and closes them the way
a browser does (Voilà's page-close beacon: a form POST carrying the ``_xsrf`` cookie's value)."""

from __future__ import annotations

import http.client
import json
import re
from urllib.parse import urlsplit

import requests

CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(\{.*?\})\s*</script>', re.S)


class Session:
    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()

    def cookie(self, name: str) -> str:
        """The cookie the browser would send to ``base`` (the one with the longest matching path)."""
        path = urlsplit(self.base).path
        found = [c for c in self.http.cookies if c.name == name and path.startswith(c.path or "/")]
        return max(found, key=lambda c: len(c.path or "")).value if found else ""

    def login(self, name: str, password: str) -> "Session":
        self.http.get(self.base + "login")
        r = self.http.post(self.base + "login", data={"username": name, "password": password,
                                                       "_xsrf": self.cookie("_xsrf")})
        assert r.status_code == 200 and r.url.rstrip("/") == self.base.rstrip("/"), (r.status_code, r.url)
        return self

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.base + path, **kw)

    def open_app(self, name: str, query: str = "") -> "tuple[requests.Response, str | None]":
        """GET an app page; return the response and the id of the kernel it started."""
        r = self.get(f"voila/render/{name}.ipynb{query}", timeout=180)
        m = CONFIG.search(r.text)
        return r, (json.loads(m.group(1)).get("kernelId") if m else None)

    def close_page(self, kernel_id: str, with_xsrf: bool = True) -> int:
        data = {"_xsrf": self.cookie("_xsrf")} if with_xsrf else {}
        r = self.http.post(f"{self.base}voila/api/shutdown/{kernel_id}", files={k: (None, v) for k, v in data.items()},
                           headers={"Origin": self.base.rstrip("/")})
        return r.status_code


def raw_get(base: str, path: str, headers: "dict | None" = None) -> "tuple[int, str, dict]":
    """GET a path exactly as written (no client-side normalisation of ../ or %2e)."""
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=bool(headers and "Host" in headers), skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace"), dict(resp.getheaders())
    finally:
        conn.close()
