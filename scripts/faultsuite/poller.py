"""The per-host poller (`fault_suite.py poll`): runs inside one host's namespace and prints one
JSON line per poll of the node's /actuator/swim and /peers over loopback."""

import http.client
import json
import os
import time


def poll_main(port, interval):
    conn = None
    nxt = time.time()
    while True:
        if os.getppid() == 1:
            return  # the driver is gone
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
            conn.request("GET", "/actuator/swim")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
            d = json.loads(body)
            out = {"t": time.time(), "ok": 1, "me": d["local"]["name"],
                   "lc": d.get("health", {}).get("lifecycle"),
                   "score": d.get("health", {}).get("score"),
                   "m": [[m["name"], m["address"], m["state"], m.get("incarnation")]
                         for m in d["members"]]}
            # the Spring Cloud DiscoveryClient's view (sample-app GET /peers): instance ids
            conn.request("GET", "/peers")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200:
                out["p"] = [p["instanceId"] for p in json.loads(body)]
        except Exception as e:  # noqa: BLE001 - any failure is an unreachable node
            if conn is not None:
                conn.close()
            conn = None
            out = {"t": time.time(), "ok": 0, "err": f"{type(e).__name__}: {e}"[:120]}
        try:
            print(json.dumps(out, separators=(",", ":")), flush=True)
        except BrokenPipeError:
            return
        nxt += interval
        delay = nxt - time.time()
        if delay > 0:
            time.sleep(delay)
        else:
            nxt = time.time()
