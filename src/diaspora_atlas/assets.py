"""Leaflet without a CDN: served by the app, inlined into exported HTML.

The files come from the XStatic-Leaflet package (Leaflet 1.9.3 is the version folium
targets). ``static/vendor/`` holds the copies Streamlit serves at
``/app/static/vendor/``; a test holds them byte-identical to the packages.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

STATIC_BASE = "/app/static/"  # Streamlit serves ./static/ here
SERVED_BASE = STATIC_BASE + "vendor/"
JS_FILES = {"leaflet": "leaflet.js"}
CSS_FILES = {"leaflet_css": "leaflet.css"}


def package_files() -> dict[str, Path]:
    """Vendored file name -> its path inside the XStatic packages."""
    import xstatic.pkg.leaflet as leaflet

    leaflet_dir = Path(leaflet.BASE_DIR)
    files = {
        "leaflet.js": leaflet_dir / "leaflet.js",
        "leaflet.css": leaflet_dir / "leaflet.css",
    }
    for image in sorted((leaflet_dir / "images").glob("*.png")):
        files[f"images/{image.name}"] = image
    return files


def localise(element: Any, base: str = SERVED_BASE) -> None:
    """Point every asset of a folium element tree at ``base``; drop the unneeded ones.

    folium and its plugins list CDN URLs (Leaflet, jQuery, Bootstrap, Font Awesome);
    the atlas draws only circles, lines, polygons and popups with Leaflet's own
    calls, which need Leaflet alone (jQuery is used by folium's HTML popups and
    objects kept in front, neither of which the atlas makes).
    """
    for node in _walk(element):
        if hasattr(node, "default_js"):
            node.default_js = [
                (name, base + JS_FILES[name])
                for name, _ in node.default_js
                if name in JS_FILES
            ]
        if hasattr(node, "default_css"):
            node.default_css = [
                (name, base + CSS_FILES[name])
                for name, _ in node.default_css
                if name in CSS_FILES
            ]


def _walk(element: Any) -> list[Any]:
    found, stack = [], [element]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(getattr(node, "_children", {}).values())
    return found


@cache
def inline_css() -> str:
    """leaflet.css with its images embedded as data URIs."""
    files = package_files()
    css = files["leaflet.css"].read_text(encoding="utf-8")

    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode(files[match.group(1)].read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", embed, css)


def inline_html(html: str, base: str = SERVED_BASE) -> str:
    """Replace links to the served assets with their contents: a file for ever."""
    files = package_files()
    for name in JS_FILES.values():
        tag = re.compile(
            r'<script[^>]*src="' + re.escape(base + name) + r'"[^>]*>\s*</script>'
        )
        text = files[name].read_text(encoding="utf-8").replace("</script", "<\\/script")
        html = tag.sub(lambda _m, t=text: f"<script>{t}</script>", html)
    for name in CSS_FILES.values():
        tag = re.compile(r'<link[^>]*href="' + re.escape(base + name) + r'"[^>]*/?>')
        html = tag.sub(lambda _m: f"<style>{inline_css()}</style>", html)
    return html
