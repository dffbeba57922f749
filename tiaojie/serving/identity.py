"""Who is who on the served suite: Jupyter Server's identity machinery with a trainer-made user list.

Two modes:

- **local** (no users file; the server listens on loopback only): one person at this machine, the
  ``local_user`` with the ``local_role`` (学员 by default; ``tiaojie serve --trainer`` for a trainer
  preparing a class).
- **users file** (``tiaojie serve --users FILE``): a login page; names, roles and password hashes
  come from a YAML file that ``tiaojie serve adduser`` writes. Hashes are made and checked by
  ``jupyter_server.auth.security`` (argon2); the login cookie is Jupyter Server's signed cookie.
  Roles are read from the file on every request, so editing the file takes effect at once.

The identity reaches the kernel through the request (``tiaojie.serving.handlers``), never through
anything the browser can set.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.auth.security import passwd, passwd_check
from traitlets import Enum, Unicode

from ..core.errors import ConfigError

from ..core.roles import LOCAL_USER, TRAINEE, TRAINER
from ..core.roles import ROLE_LABELS as ROLES


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password: str   # jupyter_server passwd() hash, e.g. "argon2:$argon2id$…"


def read_users(path: Path) -> dict[str, Account]:
    """Parse a users file; errors name the file and the field (in Chinese)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(str(path), "users", f"无法读取用户文件：{exc}") from exc
    users = data.get("users") if isinstance(data, dict) else None
    if not isinstance(users, dict):
        raise ConfigError(str(path), "users", "用户文件应有 users: 映射（姓名 → role、password）")
    out = {}
    for name, rec in users.items():
        if not isinstance(rec, dict):
            raise ConfigError(str(path), f"users.{name}", "应为包含 role 与 password 的映射")
        role = rec.get("role")
        if role not in ROLES:
            raise ConfigError(str(path), f"users.{name}.role", f"角色（role）应为 {' 或 '.join(ROLES)}，而不是 {role!r}")
        pw = rec.get("password")
        if not isinstance(pw, str) or ":" not in pw:
            raise ConfigError(str(path), f"users.{name}.password",
                              "密码（password）应为 tiaojie serve adduser 生成的哈希值，而非明文")
        out[str(name)] = Account(str(name), role, pw)
    return out


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace one account; the password is stored only as a jupyter_server hash."""
    if role not in ROLES:
        raise ConfigError(str(path), "role", f"角色应为 {' 或 '.join(ROLES)}")
    if not name.strip() or not password:
        raise ConfigError(str(path), "name" if not name.strip() else "password", "不能为空")
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data if isinstance(data, dict) else {}
    data.setdefault("users", {})[name.strip()] = {"role": role, "password": passwd(password)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    os.chmod(path, 0o600)


def make_user(name: str, role: str) -> User:
    user = User(username=name, name=name, display_name=name)
    user.role = role   # dataclass without slots: an extra attribute the handlers read
    return user


class TiaojieIdentityProvider(IdentityProvider):
    users_file = Unicode("", config=True, help="YAML users file (tiaojie serve adduser); empty = local mode")
    local_role = Enum([TRAINEE, TRAINER], TRAINEE, config=True, help="role of the single local user")
    local_user = Unicode(LOCAL_USER, config=True)

    _cache: tuple[float, dict[str, Account]] | None = None

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return bool(self.users_file)

    @property
    def logout_available(self) -> bool:
        return bool(self.users_file)

    def accounts(self) -> dict[str, Account]:
        path = Path(self.users_file)
        mtime = path.stat().st_mtime
        if self._cache is None or self._cache[0] != mtime:
            self._cache = (mtime, read_users(path))
        return self._cache[1]

    async def get_user(self, handler) -> "User | None":
        if not self.users_file:
            return make_user(self.local_user, self.local_role)
        cookie_user = self.get_user_cookie(handler)
        if cookie_user is None:
            return None
        account = self.accounts().get(cookie_user.username)
        return make_user(account.name, account.role) if account else None

    def process_login_form(self, handler) -> "User | None":
        if not self.users_file:
            return None
        name = handler.get_argument("username", default="").strip()
        typed = handler.get_argument("password", default="")
        account = self.accounts().get(name)
        if account and typed and passwd_check(account.password, typed):
            return make_user(account.name, account.role)
        return None

    def validate_security(self, app, ssl_options=None) -> None:
        if not is_loopback(app.ip) and not self.users_file:
            raise SystemExit("listening beyond 127.0.0.1 needs --users FILE (a login for every user)")


def is_loopback(ip: str) -> bool:
    if ip in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False
