"""Checking a ``--dask`` address before use: any bad address is one line naming ``--dask``.

Three kinds of bad address are caught in turn, each within seconds and before a Dask client
exists (a client pointed at the wrong thing can wait for minutes, read a web page's bytes as a
frame of exabytes, or delay the process's exit):
1. malformed (no port, not ``[tcp://]host:port``) — parsed here;
2. nothing listening — a plain TCP connection with a short timeout;
3. something that is not a Dask scheduler — a Dask scheduler speaks first: on a new connection
   it sends its handshake, a frame whose 8-byte little-endian length header is small. A
   listener that stays silent for ``SNIFF_SECONDS``, or sends anything else (``HTTP/1.1 …``), is
   refused.
"""

from __future__ import annotations

import re
import socket

from ..core.errors import TiaojieError

CONNECT_SECONDS = 3.0
SNIFF_SECONDS = 5.0
MAX_HANDSHAKE = 1 << 20
_ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")


class DaskUnavailable(TiaojieError):
    pass


def parse_address(address: str) -> tuple[str, int]:
    m = _ADDRESS.match(address.strip())
    if not m or not 0 < int(m.group(3)) < 65536:
        raise DaskUnavailable(f"--dask {address}：地址应为 tcp://主机:端口，如 tcp://10.0.0.5:8786"
                              "（expected tcp://host:port）")
    return m.group(2).strip("[]"), int(m.group(3))


def _first_bytes(host: str, port: int, address: str) -> bytes:
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS) as s:
            s.settimeout(SNIFF_SECONDS)
            data = b""
            while len(data) < 8:
                chunk = s.recv(8 - len(data))
                if not chunk:
                    break
                data += chunk
            return data
    except ConnectionRefusedError:
        raise DaskUnavailable(f"--dask {address}：连接被拒绝，没有服务在监听（nothing listening）") from None
    except socket.timeout:
        return b""
    except OSError as exc:
        raise DaskUnavailable(f"--dask {address}：无法连接（{exc.__class__.__name__}）") from None


def check_dask_address(address: str) -> None:
    """Raise :class:`DaskUnavailable` (one line naming --dask) unless a Dask scheduler answers."""
    host, port = parse_address(address)
    head = _first_bytes(host, port, address)
    if len(head) < 8 or not 0 < int.from_bytes(head, "little") < MAX_HANDSHAKE:
        raise DaskUnavailable(f"--dask {address}：该地址上的服务不是 Dask 调度器（not a Dask scheduler）")
