"""Keep ``resources/i18n/*.ts`` in step with the code (an lupdate for our ``tr(context, text)``).

``python -m branchcrm.gui.i18n_tool update`` adds new strings as unfinished and drops strings
no longer used; ``check`` lists strings without a translation (the test suite runs it too);
``release`` compiles the .qm files with PySide6's lrelease.
"""

from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

MARKERS = {"tr", "tr_noop", "Column", "translate"}
SOURCE_ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("gui", "app.py")

Message = tuple[str, str]  # (context, source text)


def _constants(tree: ast.Module) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def _text(node: ast.expr, consts: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return consts.get(node.id)
    return None


def extract_file(path: Path) -> Iterator[Message]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    consts = _constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        name = (
            func.id
            if isinstance(func, ast.Name)
            else (func.attr if isinstance(func, ast.Attribute) else None)
        )
        if name not in MARKERS:
            continue
        context, text = _text(node.args[0], consts), _text(node.args[1], consts)
        if context and text:
            yield context, text


def unresolved_contexts(root: Path = SOURCE_ROOT) -> list[str]:
    """tr() calls whose context is a name that is not a module constant: their strings would
    silently never reach the .ts file (a local ``ctx = ...`` did exactly that once)."""
    out = []
    for entry in SOURCES:
        base = root / entry
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            consts = _constants(tree)
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or len(node.args) < 2:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                first = node.args[0]
                if (
                    name == "tr"
                    and isinstance(first, ast.Name)
                    and first.id not in consts
                    and isinstance(node.args[1], ast.Constant)
                ):
                    out.append(
                        f"{path.name}:{node.lineno}: context {first.id!r} is not a module constant"
                    )
    return out


def extract(root: Path = SOURCE_ROOT) -> list[Message]:
    found: dict[Message, None] = {}
    for entry in SOURCES:
        base = root / entry
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base]
        for path in files:
            for message in extract_file(path):
                found.setdefault(message, None)
    return list(found)


def read_ts(path: Path) -> dict[Message, str]:
    if not path.exists():
        return {}
    out: dict[Message, str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None
            out[(name, source)] = (
                (translation.text or "") if done and translation is not None else ""
            )
    return out


def write_ts(
    path: Path, lang: str, messages: list[Message], translations: dict[Message, str]
) -> None:
    root = ET.Element("TS", version="2.1", language=lang, sourcelanguage="en")
    by_context: dict[str, list[str]] = {}
    for context, source in messages:
        by_context.setdefault(context, []).append(source)
    for context in sorted(by_context):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source in by_context[context]:
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = source
            done = translations.get((context, source), "")
            tr_el = ET.SubElement(msg, "translation")
            if done:
                tr_el.text = done
            else:
                tr_el.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def missing(path: Path) -> list[Message]:
    have = read_ts(path)
    unresolved: list[Message] = [("?", problem) for problem in unresolved_contexts()]
    return unresolved + [m for m in extract() if not have.get(m)]


def main(argv: list[str]) -> int:
    from branchcrm.gui.i18n import compile_ts, resources_dir

    command = argv[0] if argv else "check"
    ts_files = sorted((resources_dir() / "i18n").glob("branchcrm_*.ts"))
    if command == "update":
        for ts in ts_files:
            write_ts(ts, ts.stem.split("_", 1)[1], extract(), read_ts(ts))
        return 0
    if command == "release":
        return 0 if all(compile_ts(ts, ts.with_suffix(".qm")) for ts in ts_files) else 1
    problems = [(ts.name, m) for ts in ts_files for m in missing(ts)]
    for name, (context, source) in problems:
        print(f"{name}: {context}: {source!r} has no translation")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
