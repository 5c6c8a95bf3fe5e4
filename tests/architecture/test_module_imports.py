"""Imports sit at the top of their module; one inside a function says why (issue 11).

An import inside a function hides a dependency from the reader (and from the layer contract's
reader, who looks at the top of the file). It is allowed only for a real reason — an import
cycle, an ``AppConfig.ready()`` that needs the app registry, an ordering constraint of Django
or Wagtail — and that reason is written in a comment on the import's line or the line directly
above it. A comment that is only a linter directive (``# noqa: F401``) says nothing and does
not count.

The application packages are checked (every git-tracked ``.py`` file but migrations); tests are
not.
"""

import ast
import io
import re
import subprocess
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "config",
    "devtools",
    "dashboard",
    "home",
    "coaching",
    "courses",
    "municipalities",
    "accounts",
    "core",
)
# Directives for tools, not reasons for a reader.
DIRECTIVE = re.compile(r"\b(noqa|type:\s*ignore|pragma)\b(:\s*[\w, ]+)?", re.IGNORECASE)


def application_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *(f"{package}/*.py" for package in PACKAGES)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    paths = [ROOT / name for name in listed.split("\0") if name]
    return sorted(path for path in paths if "migrations" not in path.relative_to(ROOT).parts)


def comments_by_line(source: str) -> dict[int, str]:
    """The text of each comment, by line number (the ``#`` and linter directives cut off)."""
    comments = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            text = DIRECTIVE.sub("", token.string.lstrip("#")).strip(" -–—:")
            comments[token.start[0]] = text
    return comments


def imports_in_functions(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    found[id(inner)] = inner
    return sorted(found.values(), key=lambda node: node.lineno)


def unexplained(source: str, filename: str = "<source>") -> list[ast.Import | ast.ImportFrom]:
    """The imports inside functions with no comment on their lines or the line directly above."""
    lines = source.splitlines()
    comments = comments_by_line(source)
    offenders = []
    for node in imports_in_functions(ast.parse(source, filename=filename)):
        own_lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
        above = node.lineno - 1
        if any(comments.get(line) for line in own_lines):
            continue
        if above >= 1 and lines[above - 1].lstrip().startswith("#") and comments.get(above):
            continue
        offenders.append(node)
    return offenders


def unexplained_imports(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: "
        + " ".join(" ".join(lines[node.lineno - 1 : node.end_lineno]).split())
        for node in unexplained(source, str(path))
    ]


def test_the_checked_files_are_the_application():
    files = {path.relative_to(ROOT).as_posix() for path in application_files()}
    assert {"config/urls.py", "courses/models/pages.py", "core/apps.py"} <= files
    assert not [name for name in files if "/migrations/" in name or name.startswith("tests/")]


def test_the_rule_itself():
    source = (
        "import os\n"
        "def a():\n"
        "    import json\n"  # offender: no comment
        "def b():\n"
        "    # cycle: x imports this module\n"
        "    import json\n"
        "def c():\n"
        "    import json  # registers the receivers once apps are ready\n"
        "def d():\n"
        "    import json  # noqa: F401\n"  # offender: a directive is no reason
        "def e():\n"
        "    def inner():\n"
        "        from json import (\n"  # offender: nested, multi-line, no comment
        "            dumps,\n"
        "        )\n"
    )
    assert [node.lineno for node in unexplained(source)] == [3, 10, 13]


def test_imports_inside_functions_say_why():
    offenders = [line for path in application_files() for line in unexplained_imports(path)]
    assert not offenders, (
        "Imports inside functions without a comment saying why (move them to the top of the "
        "module, or explain the cycle or ordering on the line or the line above):\n  "
        + "\n  ".join(offenders)
    )
