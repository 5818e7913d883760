"""Proof-of-work solve time in Chromium, at each difficulty step, on this
machine's CPU and on a phone-class budget (the CPU slowed 4× and 6× through
the DevTools protocol's ``Emulation.setCPUThrottlingRate``).

Serves the plugin's vendored ALTCHA widget, its PBKDF2 worker and
``js/proof.js`` from a local HTTP server, with challenges made by
``wagtail_tuidang.statements.proof`` exactly as the statement form gets them,
and times each solution from the page's start (loading and running the
widget included) to the moment its hidden ``altcha`` field holds a payload;
every payload is then verified by the server's own check. The rate column is
PBKDF2 iterations per second the browser achieved (the solution's counter
times the cost, over the time).

Chromium's CPU throttling slows the page's main thread; the widget's Web
Workers are slowed less, so the throttled rows understate a phone's time:
see the rate column and docs/benchmarks.md for the estimate. Usage::

    python benchmarks/pow_solve.py --samples 12 --throttle 1 4 6
"""

import argparse
import base64
import functools
import html
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STATIC = os.path.join(ROOT, "wagtail_tuidang", "static", "wagtail_tuidang")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

PAGE = """<!doctype html><meta charset="utf-8"><title>pow</title>
<script type="module" src="/vendor/altcha/altcha.min.js"></script>
<script type="module" src="/js/proof.js"></script>
<form><altcha-widget name="altcha" challenge="{challenge}" auto="off" hidden
 data-td-proof data-td-worker="/vendor/altcha/pbkdf2.js"
 data-td-verifying="…" data-td-verified="ok"></altcha-widget></form>
"""


def setup_django():
    sys.path[:0] = [ROOT, os.path.join(ROOT, "example_site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def solve_once(tab, folder, base, steps, proof):
    challenge = json.dumps(proof.new_challenge(steps=steps))
    with open(os.path.join(folder, "pow.html"), "w") as page:
        page.write(PAGE.format(challenge=html.escape(challenge)))
    tab.goto(f"{base}/pow.html?{challenge.__hash__()}")  # never a cached page
    # From the page's start (the widget's script is parsed and run too, as
    # a phone must) to the payload in the form.
    finished = tab.wait_for_function(
        "document.querySelector('input[name=altcha]')?.value && performance.now()",
        timeout=0,
    ).json_value()
    started = 0
    payload = tab.get_attribute("input[name=altcha]", "value")
    assert proof.verified(payload), "the server refused a browser's solution"
    counter = json.loads(base64.b64decode(payload))["solution"]["counter"]
    seconds = (finished - started) / 1000
    return seconds, (counter + 1) * proof.cost_for(steps) / seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=12)
    parser.add_argument("--throttle", type=float, nargs="+", default=[1, 4, 6])
    parser.add_argument("--max-steps", type=int, default=4)
    args = parser.parse_args()
    setup_django()
    from django.test import override_settings
    from playwright.sync_api import sync_playwright

    from wagtail_tuidang.conf import get_setting
    from wagtail_tuidang.statements import proof

    folder = tempfile.mkdtemp(prefix="pow-solve-")
    for part in ("vendor", "js"):
        shutil.copytree(os.path.join(STATIC, part), os.path.join(folder, part))
    server = serve(folder)
    base = f"http://127.0.0.1:{server.server_port}"
    print(f"POW_COST={get_setting('POW_COST')}, key prefix {proof.KEY_PREFIX}")
    print("throttle  steps  iterations/attempt  median s  p90 s  max s  rate/s")
    with (
        sync_playwright() as playwright,
        override_settings(WAGTAIL_TUIDANG_POW_MAX_STEPS=args.max_steps),
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        tab = browser.new_page()
        cdp = tab.context.new_cdp_session(tab)
        for rate in args.throttle:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            for steps in range(args.max_steps + 1):
                runs = [
                    solve_once(tab, folder, base, steps, proof)
                    for _ in range(args.samples)
                ]
                times = sorted(seconds for seconds, _rate in runs)
                speed = statistics.median(speed for _seconds, speed in runs)
                p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
                print(
                    f"{rate:>6g}×  {steps:>5}  {proof.cost_for(steps):>18}"
                    f"  {statistics.median(times):>8.2f}  {p90:>5.2f}"
                    f"  {times[-1]:>5.2f}  {speed:>8.0f}",
                    flush=True,
                )
        browser.close()
    server.shutdown()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
