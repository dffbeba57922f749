"""A client that uses an app page the way Chromium does, without a browser.

It logs in through the login form, GETs the app page (which starts and runs the kernel), opens the
kernel websocket with the page's cookies and Origin, asks for every widget's state (as the
ipywidgets front end does: ``comm_info_request`` then ``request_state``), follows ``comm_open`` and
``update`` messages, clicks buttons by their CSS class (the ``click`` custom message a button
sends), and closes the page with Voilà's page-close beacon. Used by the load test, so 20 trainees
can play at once on a 2-core machine without 20 browsers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import uuid
from urllib.parse import urlsplit

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from serving_helpers import Session


class WidgetClient:
    def __init__(self, base: str, name: str, password: str, session: "Session | None" = None):
        self.base, self.name, self.password = base, name, password
        self.logged_in = session is not None
        self.session = session or Session(base)
        self.models: dict[str, dict] = {}
        self.order: list[str] = []
        self.replies: dict[str, asyncio.Future] = {}
        self.changed = asyncio.Event()
        self.session_id = uuid.uuid4().hex
        self.kernel_id: "str | None" = None

    async def open(self, app: str, query: str = "") -> None:
        if not self.logged_in:
            await asyncio.to_thread(self.session.login, self.name, self.password)
        response, self.kernel_id = await asyncio.to_thread(self.session.open_app, app, query)
        if response.status_code != 200 or not self.kernel_id:
            raise RuntimeError(f"{self.name}: page answered {response.status_code}")
        path = urlsplit(self.base).path
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.session.http.cookies if path.startswith(c.path or "/"))
        ws_url = self.base.replace("http", "ws", 1) + f"api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"
        self.ws = await websocket_connect(HTTPRequest(ws_url, headers={"Cookie": cookies, "Origin": self.base.rstrip("/")}))
        self.reader = asyncio.create_task(self._read())
        reply = await self.request("comm_info_request", {"target_name": "jupyter.widget"})
        for comm_id in reply["content"]["comms"]:
            self.models.setdefault(comm_id, {})
            self.order.append(comm_id)
            self.comm(comm_id, {"method": "request_state"})
        await self.wait(lambda: all(self.models[c] for c in reply["content"]["comms"]), 60)

    def _message(self, msg_type: str, content: dict) -> dict:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": self.name, "session": self.session_id,
                  "date": dt.datetime.now(dt.timezone.utc).isoformat(), "version": "5.3"}
        return {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
                "buffers": []}

    async def request(self, msg_type: str, content: dict, timeout: float = 60) -> dict:
        msg = self._message(msg_type, content)
        fut = asyncio.get_running_loop().create_future()
        self.replies[msg["header"]["msg_id"]] = fut
        await self.ws.write_message(json.dumps(msg))
        return await asyncio.wait_for(fut, timeout)

    def comm(self, comm_id: str, data: dict) -> None:
        self.ws.write_message(json.dumps(self._message("comm_msg", {"comm_id": comm_id, "data": data})))

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                return
            if not isinstance(raw, str):
                continue
            msg = json.loads(raw)
            kind, content = msg["header"]["msg_type"], msg["content"]
            parent = msg.get("parent_header", {}).get("msg_id")
            if msg.get("channel") == "shell" and parent in self.replies:
                self.replies.pop(parent).set_result(msg)
            elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
                self.models[content["comm_id"]] = dict(content["data"].get("state", {}))
                self.order.append(content["comm_id"])
            elif kind == "comm_msg" and content.get("data", {}).get("method") in ("update", "echo_update"):
                self.models.setdefault(content["comm_id"], {}).update(content["data"].get("state", {}))
            self.changed.set()

    async def wait(self, predicate, timeout: float) -> None:
        async def loop():
            while not predicate():
                self.changed.clear()
                await self.changed.wait()
        await asyncio.wait_for(loop(), timeout)

    def with_class(self, cls: str, since: int = 0) -> list[str]:
        return [c for c in self.order[since:] if cls in self.models.get(c, {}).get("_dom_classes", ())]

    def click(self, comm_id: str) -> None:
        self.comm(comm_id, {"method": "custom", "content": {"event": "click"}})

    def value(self, cls: str) -> str:
        found = self.with_class(cls)
        return self.models[found[-1]].get("value", "") if found else ""

    async def evaluate(self, code: str = "", **expressions: str) -> dict:
        """Run ``code`` in the page's kernel, then evaluate Python expressions there (an execute
        request's ``user_expressions``); return their values (literals)."""
        import ast

        reply = await self.request("execute_request", {"code": code, "silent": True, "store_history": False,
                                                       "user_expressions": expressions, "allow_stdin": False})
        found = reply["content"]["user_expressions"]
        bad = {k: v for k, v in found.items() if v.get("status") != "ok"}
        if bad:
            raise RuntimeError(f"{self.name}: {bad}")
        return {k: ast.literal_eval(v["data"]["text/plain"]) for k, v in found.items()}

    async def close(self) -> int:
        self.ws.close()
        self.reader.cancel()
        return await asyncio.to_thread(self.session.close_page, self.kernel_id)


def run_async(coro):
    """Run a coroutine to completion in its own thread and loop (Playwright's sync API may already
    own the test thread's event loop when browser tests share the session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def current_choices(client: WidgetClient) -> list[str]:
    """The buttons the page shows now: the children of the box that holds the choice buttons."""
    for model in client.models.values():
        kids = [k.removeprefix("IPY_MODEL_") for k in model.get("children", [])]
        if kids and all("tj-choice" in client.models.get(k, {}).get("_dom_classes", ()) for k in kids):
            return kids
    return []


async def play_roleplay(client: WidgetClient, turns: int, timeout: float = 120) -> int:
    """Start the preselected case and play ``turns`` choices (always the first offered); return
    the turns played. Like a person, it waits until the chat and the new buttons are on screen."""
    start = client.with_class("tj-start")
    if not start:
        raise RuntimeError(f"{client.name}: no 开始演练 button")
    client.click(start[0])
    await client.wait(lambda: current_choices(client) and client.value("tj-chat"), timeout)
    played = 0
    for _ in range(turns):
        before_chat, before_choices = client.value("tj-chat"), current_choices(client)
        client.click(before_choices[0])
        await client.wait(lambda: client.value("tj-chat") != before_chat
                          and (current_choices(client) not in ([], before_choices)
                               or "tj-debrief" in client.value("tj-debrief-box")), timeout)
        played += 1
        if "tj-debrief" in client.value("tj-debrief-box"):
            break
    return played
