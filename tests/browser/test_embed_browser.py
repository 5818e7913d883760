"""In Chromium: a page of another site (another origin, on another port)
frames the counter and shows the badge; the same page cannot frame the wall
itself."""

import http.server
import threading

import pytest

from tests.factories import make_statement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def other_site(live_site, index_page):
    """A page on 127.0.0.1 at a port of its own (so another origin than the
    live server's localhost), made as a news site would paste the code."""
    wall = live_site + index_page.url
    html = f"""<!DOCTYPE html><html lang="en"><head><title>A news site</title></head>
<body><h1>News of elsewhere</h1>
<iframe id="counter" title="counter" src="{wall}embed/counter/?theme=dark"
        width="320" height="220"></iframe>
<img id="badge" alt="badge" src="{wall}embed/badge/">
<iframe id="wall" title="wall" src="{wall}" width="320" height="220"></iframe>
</body></html>""".encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_site_frames_the_counter_and_shows_the_badge(
    index_page, other_site, page
):
    make_statement("published", index_page=index_page, people_count=2)
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(other_site)
    page.wait_for_load_state("load")

    counter = page.frame_locator("#counter")
    assert "455,000,002" in counter.locator(".td-embed__total").inner_text()
    assert "td-embed--dark" in counter.locator("body").get_attribute("class")
    width = page.evaluate("document.getElementById('badge').naturalWidth")
    assert width > 0, "the badge image did not load"

    # The wall refuses to be framed by another site (frame-ancestors).
    wall_frame = page.frame(url=lambda url: url.endswith(index_page.url))
    assert wall_frame is None or not wall_frame.locator("h1").count()
    assert any("frame-ancestors" in text for text in refused), refused
