"""Content hashes of everything rendering reads besides the view: the code,
the templates an audience can load, the fonts, and the tool versions.

A cluster worker renders from its own copy of these. The client sends its
fingerprint with every task and a worker whose copy differs refuses the task,
naming the files, so no document is ever made from another version of the
templates or the code than the one the build was asked for.
"""
from __future__ import annotations

from pathlib import Path

from .manifest import FileHashes, tool_versions

CODE = Path(__file__).resolve().parent.parent      # the briefgen package this process runs

_hashes = FileHashes()


def fingerprint(templates: Path | tuple[Path, ...], fonts: Path,
                audience_folder: Path | tuple[Path, ...]) -> dict[str, str]:
    """{label: content hash}. Labels are relative paths ("code/...",
    "templates/...", "fonts/...") and "version/<tool>", so two copies of the
    project in different folders compare equal. With template layers (the
    project's, then the shipped ones) a file is the first layer's."""
    found = {f"version/{tool}": number for tool, number in tool_versions().items()}
    found.update(_hash_tree("code", CODE, "*.py"))
    layers = templates if isinstance(templates, tuple) else (templates,)
    folders = audience_folder if isinstance(audience_folder, tuple) else (audience_folder,)
    for layer in layers:
        others = layer / "audiences"
        for path in sorted(layer.rglob("*")):
            # Another audience's folder is not on this audience's search path.
            if path.is_file() and not (path.is_relative_to(others)
                                       and not any(path.is_relative_to(f) for f in folders)):
                found.setdefault(f"templates/{path.relative_to(layer).as_posix()}", _hashes.of(path))
    found.update(_hash_tree("fonts", fonts, "*"))
    return found


def _hash_tree(label: str, folder: Path, pattern: str) -> dict[str, str]:
    return {f"{label}/{path.relative_to(folder).as_posix()}": _hashes.of(path)
            for path in sorted(folder.rglob(pattern))
            if path.is_file() and "__pycache__" not in path.parts}


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """What differs, one line per file: changed, missing here, or only here."""
    lines = []
    for label in sorted(set(expected) | set(actual)):
        if label not in actual:
            lines.append(f"{label}: missing on this worker")
        elif label not in expected:
            lines.append(f"{label}: only on this worker")
        elif expected[label] != actual[label]:
            what = "version" if label.startswith("version/") else "content"
            lines.append(f"{label}: {what} differs ({actual[label][:12]} here, {expected[label][:12]} asked)")
    return lines
