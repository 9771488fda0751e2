"""Folium elements whose output reaches the page exactly as rendered.

branca turns every rendered piece of a map into a new Jinja template and renders it
again with the page. Text from data that contains ``{{`` or ``{%`` would then be
evaluated or stop the page with a TemplateSyntaxError, and compiling a 20 kB layer
as a template costs milliseconds on every slider step. These elements render their
own template once and hand the result over as plain text.
"""

from __future__ import annotations

import re
from typing import Any

from branca.element import Element, MacroElement

_TEMPLATE_START = re.compile(r"\{([{%#])")


class RawText(Element):
    """Text added to a page as is, never read as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """The text itself."""
        return self.text


class RawMacroElement(MacroElement):
    """A MacroElement whose header, html and script parts are added as RawText."""

    def render(self, **kwargs: Any) -> None:
        """Add the rendered macros to the page, then render the children."""
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RawText(macro(self, kwargs)), name=self.get_name()
                )
        for child in self._children.values():
            child.render(**kwargs)


def no_template_syntax(json_text: str) -> str:
    r"""JSON in which no ``{{``, ``{%`` or ``{#`` appears, with the same meaning.

    JSON's own braces are never followed by these characters, so every match is
    inside a string, where a ``\u`` escape stands for the same character.
    """
    return _TEMPLATE_START.sub(lambda m: f"{{\\u{ord(m.group(1)):04x}", json_text)
