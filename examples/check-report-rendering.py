#!/usr/bin/env python3
"""Renders a `maxent report` HTML file in headless Chromium and checks that it rendered cleanly.

    python3 examples/check-report-rendering.py report.html --screenshot report.png [--preview top.png]

Needs Debian's `chromium` package (apt-get install -y chromium) and nothing else: it drives the
browser over the DevTools protocol on a pipe (--remote-debugging-pipe), so it sees what a reader's
browser would. It fails (exit status 1, one line per problem) when

* the page throws a script error, logs an error, or a request fails;
* the page asks for anything but itself (the report must be self-contained: no network, no files);
* an inline SVG is not well-formed XML, or is not laid out with a non-empty box in the browser;
* the numbers of figures, captions and SVGs disagree;
* the screenshot is blank, or the charts' series colours do not appear in it.

The screenshot is the full page at the given width; --preview writes the top of the page only (for
a README picture).
"""

import argparse
import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path

SERIES_COLOURS = {"blue": (0x00, 0x72, 0xB2), "vermillion": (0xD5, 0x5E, 0x00)}


def static_problems(html):
    """Problems visible in the file itself, before any browser is involved."""
    problems = []
    if re.search(r"<script\b", html, re.IGNORECASE):
        problems.append("the page contains a <script>")
    for attribute in ("src=", "href=", "url("):
        if attribute in html:
            problems.append(f"the page refers to an outside resource ({attribute})")
    if re.search(r"https?://", html.replace("http://www.w3.org/2000/svg", "")):
        problems.append("the page contains a URL other than the SVG namespace")
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    for index, svg in enumerate(svgs):
        try:
            ElementTree.fromstring(svg)
        except ElementTree.ParseError as error:
            problems.append(f"SVG {index + 1} is not well-formed XML: {error}")
    figures, captions = html.count("<figure>"), html.count("<figcaption>")
    if not (figures == captions == len(svgs)):
        problems.append(f"{figures} figures, {captions} captions and {len(svgs)} SVGs: every figure needs its SVG and its text")
    return problems, len(svgs)


class DevTools:
    """A minimal DevTools-protocol client over Chromium's --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, chromium, profile):
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # Chromium reads commands from fd 3 and writes replies to fd 4; bash moves the pipe ends
        # there, from numbers above 9 so that the moves cannot overwrite each other.
        to_browser_read = self._above_nine(to_browser_read)
        from_browser_write = self._above_nine(from_browser_write)
        redirect = f'exec "$0" "$@" 3<&{to_browser_read} 4>&{from_browser_write} {to_browser_read}<&- {from_browser_write}>&-'
        self.process = subprocess.Popen(
            ["bash", "-c", redirect, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--force-color-profile=srgb", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_browser_read, from_browser_write), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    @staticmethod
    def _above_nine(descriptor):
        moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD, 10)
        os.close(descriptor)
        return moved

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method):
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._read_message()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


PAGE_FACTS = """JSON.stringify((() => {
  const svgs = [...document.querySelectorAll('svg')];
  return {
    title: document.title,
    height: Math.ceil(document.documentElement.scrollHeight),
    svgs: svgs.length,
    laidOut: svgs.filter(svg => { const box = svg.getBoundingClientRect(); return box.width > 50 && box.height > 50; }).length,
    drawn: svgs.filter(svg => { const box = svg.getBBox(); return box.width > 0 && box.height > 0; }).length,
    figures: document.querySelectorAll('figure').length,
    captions: [...document.querySelectorAll('figcaption')].filter(c => c.textContent.trim().length > 20).length,
  };
})())"""


def render(chromium, url, width, screenshot, preview, preview_height):
    """Loads the page; returns the page facts and the problems the browser reported."""
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        browser = DevTools(chromium, profile)
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                browser.call(f"{domain}.enable", session=session)
            browser.call("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
            browser.call("Page.navigate", {"url": url}, session=session)
            browser.wait_for("Page.loadEventFired")
            facts = json.loads(browser.call("Runtime.evaluate", {"expression": PAGE_FACTS, "returnByValue": True},
                                            session=session)["result"]["value"])
            shot = browser.call("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": facts["height"], "scale": 1}}, session=session)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
            if preview:
                top = browser.call("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": width, "height": min(preview_height, facts["height"]), "scale": 1}},
                    session=session)
                Path(preview).write_bytes(base64.b64decode(top["data"]))
        finally:
            browser.close()
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            problems.append("script error: " + (details.get("exception", {}).get("description") or details.get("text", "?")).split("\n")[0])
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            problems.append("console error: " + " ".join(str(a.get("value", "")) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            problems.append("browser error: " + params["entry"].get("text", "?"))
        elif method == "Network.loadingFailed":
            problems.append("failed request: " + params.get("errorText", "?"))
        elif method == "Network.requestWillBeSent" and params["request"]["url"] != url:
            problems.append("the page requested " + params["request"]["url"][:120])
    return facts, problems


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    position, chunks, header = 8, [], None
    while position < len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = previous[i], previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(line)
        previous = line
    return width, height, channels, rows


def image_problems(path):
    """A blank screenshot, or one without the charts' colours, means the figures did not render."""
    width, height, channels, rows = png_pixels(Path(path).read_bytes())
    counts = {name: 0 for name in SERIES_COLOURS}
    background = tuple(rows[0][0:3])
    other = 0
    for line in rows[::2]:
        for x in range(0, width * channels, channels * 2):
            pixel = (line[x], line[x + 1], line[x + 2])
            if pixel != background:
                other += 1
            for name, colour in SERIES_COLOURS.items():
                if all(abs(p - q) <= 6 for p, q in zip(pixel, colour)):
                    counts[name] += 1
    problems = []
    sampled = (height // 2 + height % 2) * (width // 2 + width % 2)
    if other < sampled // 100:
        problems.append(f"the screenshot is nearly blank ({other} of {sampled} sampled pixels differ from the background)")
    for name, count in counts.items():
        if count < 50:
            problems.append(f"the screenshot shows almost no {name} (the first chart colours): figures did not render")
    return problems, (width, height)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="the HTML file written by maxent report")
    parser.add_argument("--screenshot", default=None, help="where to write the full-page PNG (default: REPORT.png)")
    parser.add_argument("--preview", default=None, help="also write the top of the page as a PNG")
    parser.add_argument("--preview-height", type=int, default=1300)
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    arguments = parser.parse_args()

    report = Path(arguments.report).resolve()
    if not report.is_file():
        sys.exit(f"error: {arguments.report}: no such file")
    if not Path(arguments.chromium).exists() and shutil.which(arguments.chromium) is None:
        sys.exit("error: Chromium not found (apt-get install -y chromium)")
    screenshot = arguments.screenshot or str(report.with_suffix(".png"))

    html = report.read_text(encoding="utf-8")
    problems, svg_count = static_problems(html)
    facts, browser_problems = render(arguments.chromium, report.as_uri(), arguments.width, screenshot,
                                     arguments.preview, arguments.preview_height)
    problems += browser_problems
    if facts["svgs"] != svg_count:
        problems.append(f"the browser built {facts['svgs']} SVGs from the {svg_count} in the file")
    if facts["laidOut"] != facts["svgs"] or facts["drawn"] != facts["svgs"]:
        problems.append(f"of {facts['svgs']} SVGs, {facts['laidOut']} were laid out and {facts['drawn']} drew anything")
    if facts["captions"] != facts["figures"]:
        problems.append(f"{facts['figures']} figures but {facts['captions']} captions with text")
    image, size = image_problems(screenshot)
    problems += image

    print(f"{arguments.report}: \"{facts['title']}\", {facts['figures']} figures, {facts['svgs']} SVGs, "
          f"page {arguments.width}×{facts['height']} px → {screenshot} ({size[0]}×{size[1]})")
    if arguments.preview:
        print(f"preview → {arguments.preview}")
    for problem in problems:
        print("problem: " + problem)
    print("rendered without errors" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
