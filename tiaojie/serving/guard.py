"""Checks every request passes before any handler sees it, and Chinese pages for every error.

``GuardedApplication`` is a tornado ``Application`` whose ``find_handler`` first checks
- the ``Host`` header: loopback names, plus names configured for serving wider (DNS rebinding),
- the ``Origin`` header when a browser sends one (cross-site requests, websockets included),
- the raw path: any ``..`` or ``.`` segment, backslash, NUL or encoded slash — after repeated
  percent-decoding, so ``%2e%2e`` and ``%252e%252e`` are caught too — is answered 404,
and sends failures to :class:`ErrorPage`. A transform adds security headers (a same-origin
Content-Security-Policy among them) to every response. :func:`chinese_errors` gives any handler
class a ``write_error`` that renders the Chinese error page without a traceback.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from tornado import web

TEMPLATES = Path(__file__).parent / "templates"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

HEADLINES = {400: "请求有误", 403: "无权访问", 404: "页面不存在", 405: "不支持的操作",
             500: "服务器内部错误", 503: "暂时无法提供服务"}
MESSAGES = {400: "请求的格式不正确。", 403: "您没有访问此页面的权限。如需培训师权限，请联系培训师。",
            404: "您访问的页面不存在，或不对外提供。", 405: "此页面不支持该操作。",
            500: "处理请求时出错，已记录在服务器日志中。请返回首页重试。",
            503: "服务器繁忙，请稍候再试。"}

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'self'; base-uri 'self'; form-action 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "SAMEORIGIN"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)


def template_env() -> jinja2.Environment:
    return _env


def render(name: str, **ns) -> str:
    ns.setdefault("base_url", "/")
    ns.setdefault("xsrf_form_html", lambda: "")
    return _env.get_template(name).render(**ns)


def error_html(status: int, message: str = "", base_url: str = "/") -> str:
    return render("error.html", status_code=status, headline=HEADLINES.get(status, "出错了"),
                  message=message or MESSAGES.get(status, MESSAGES[500]), base_url=base_url)


def _write_error(self, status_code: int, **kwargs) -> None:
    exc = kwargs.get("exc_info", (None, None, None))[1]
    message = getattr(exc, "user_message", "")
    self.set_header("Content-Type", "text/html; charset=UTF-8")
    self.finish(error_html(status_code, message, self.settings.get("base_url", "/")))


def chinese_errors(cls: type) -> type:
    """A subclass of ``cls`` whose errors render the Chinese page (no traceback, no internals)."""
    return type(f"Tj{cls.__name__}", (cls,), {"write_error": _write_error})


class ErrorPage(web.RequestHandler):
    def initialize(self, status: int = 404, message: str = ""):
        self.status, self.message = status, message

    def prepare(self):
        self.set_status(self.status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(error_html(self.status, self.message, self.settings.get("base_url", "/")))

    write_error = _write_error


class SecurityHeaders(web.OutputTransform):
    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for k, v in SECURITY_HEADERS.items():
            headers[k] = v
        if headers.get("Content-Type") == "text/html":   # Voilà's pages name no charset
            headers["Content-Type"] = "text/html; charset=UTF-8"
        return status_code, headers, chunk


def _hostname(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    if host in LOOPBACK_NAMES or host in allowed:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bad_path(raw_path: str) -> bool:
    """True for any path trick: dot segments, backslashes, NUL, encoded slashes, after decoding."""
    path = raw_path
    for _ in range(4):
        if "\\" in path or "\x00" in path or "%2f" in path.lower() or "%5c" in path.lower():
            return True
        if any(seg in (".", "..") for seg in path.split("/")):
            return True
        decoded = unquote(path)
        if decoded == path:
            return "//" in path
        path = decoded
    return True


def request_problem(request, allowed: frozenset[str]) -> "tuple[int, str] | None":
    if not host_allowed(_hostname(request.host or ""), allowed):
        return 403, "此服务器不接受该主机名的访问。"
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not host_allowed((parts.hostname or "").lower(), allowed):
            return 403, "拒绝来自其他网站的请求。"
    if bad_path(request.path):
        return 404, ""
    return None


class GuardedApplication(web.Application):
    """tornado Application that checks Host, Origin and path before routing."""

    def __init__(self, *args, allowed_hosts=(), **kwargs):
        kwargs.setdefault("transforms", [SecurityHeaders])
        super().__init__(*args, **kwargs)
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)

    def find_handler(self, request, **kwargs):
        problem = request_problem(request, self.allowed_hosts)
        if problem:
            status, message = problem
            return self.get_handler_delegate(request, ErrorPage, {"status": status, "message": message})
        return super().find_handler(request, **kwargs)
