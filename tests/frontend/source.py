"""Reading the front end's source files for the checks in this package."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SITE_CSS = ROOT / "static" / "css" / "site.css"
APPS = ("accounts", "coaching", "config", "core", "courses", "dashboard", "devtools", "home")
APPS += ("municipalities",)
# Mail templates are plain text, never styled.
MAIL = re.compile(r"(^|/)email/")


def files(pattern: str, under=("static", "templates")) -> list[Path]:
    found = []
    for folder in under:
        found += [
            path
            for path in sorted((ROOT / folder).rglob(pattern))
            if not MAIL.search(path.relative_to(ROOT).as_posix())
        ]
    return found


def stylesheets() -> list[Path]:
    return files("*.css", under=("static",))


def scripts() -> list[Path]:
    return files("*.js", under=("static",))


def templates() -> list[Path]:
    return files("*.html", under=("templates", *(f"{app}/templates" for app in APPS)))


def python_files() -> list[Path]:
    return [path for app in APPS for path in sorted((ROOT / app).rglob("*.py"))]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def token_block() -> tuple[str, str]:
    """(the :root block of site.css, the rest of the file)."""
    text = SITE_CSS.read_text()
    match = re.search(r":root\s*\{[^}]*\}", text)
    assert match, "site.css has no :root block of design tokens"
    return match.group(0), text[: match.start()] + text[match.end() :]


def tokens() -> dict[str, str]:
    block, _rest = token_block()
    return dict(re.findall(r"--([\w-]+)\s*:\s*([^;]+);", block))


def css_classes(css: str) -> set[str]:
    """The class names the selectors of ``css`` style (declarations and comments left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"([^{}]+)\{[^{}]*\}", css)
    return {name for text in selectors for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", text)}
