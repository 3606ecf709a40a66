"""Small helpers: the log line, shell commands, duration and timestamp parsing, figures."""

import datetime
import subprocess
import time

# the origin of every log line's and views.log's timestamps: when the driver started
T0 = time.time()


def log(msg):
    print(f"[fault-suite {time.time() - T0:7.2f}s] {msg}", flush=True)


def sh(*args, check=True, quiet=False, input=None):
    r = subprocess.run(list(args), input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    if not quiet and r.returncode != 0:
        log(f"(ignored) {' '.join(args)}: {r.stderr.strip()}")
    return r


def parse_duration(s):
    """'1s', '500ms', '1500us', '2m' (as SettingsDescriptor writes them) in seconds."""
    for unit, f in (("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9), ("s", 1.0), ("m", 60.0),
                    ("h", 3600.0), ("d", 86400.0)):
        if s.endswith(unit):
            return float(s[: -len(unit)]) * f
    return float(s) / 1000.0


def iso_to_epoch(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def fmt(x):
    return "-" if x is None else f"{x:.2f}"
