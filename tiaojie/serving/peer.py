"""Which OS user is on the other end of a loopback connection (Linux ``/proc/net/tcp``).

In local mode the gallery needs no login, so anyone who can reach 127.0.0.1 on this machine sees
it. The link to the companion JupyterLab carries its token, which runs code as the user serving
the suite; ``same_os_user`` lets the gallery hand that link only to a browser run by the same OS
user (the kernel records the owner uid of both ends of every local TCP connection).
"""

from __future__ import annotations

import ipaddress
import os

TABLES = ("/proc/net/tcp", "/proc/net/tcp6")


def _address(field: str) -> tuple[ipaddress._BaseAddress, int]:
    ip_hex, port_hex = field.split(":")
    raw = bytes.fromhex(ip_hex)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))   # little-endian 32-bit words
    ip = ipaddress.ip_address(words)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip, int(port_hex, 16)


def _normal(host: str, port: int) -> tuple[ipaddress._BaseAddress, int]:
    ip = ipaddress.ip_address(host.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip, int(port)


def peer_uid(client: tuple, server: tuple) -> "int | None":
    """The uid owning the client end (``client`` → ``server``) of a local TCP connection, or None."""
    want_local, want_remote = _normal(*client[:2]), _normal(*server[:2])
    for table in TABLES:
        try:
            with open(table, encoding="ascii") as fh:
                next(fh)
                for line in fh:
                    parts = line.split()
                    if _address(parts[1]) == want_local and _address(parts[2]) == want_remote:
                        return int(parts[7])
        except OSError:
            continue
    return None


def same_os_user(request) -> bool:
    """Is this Tornado request's connection opened by the OS user running this server?"""
    try:
        client = request.connection.context.address
        server = request.connection.stream.socket.getsockname()
    except (AttributeError, OSError):
        return False
    return peer_uid(client, server) == os.geteuid()
