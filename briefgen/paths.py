"""Where the project's inputs and outputs live, and which files rendering may read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path = ROOT
    reports: Path = ROOT / "reports"
    data: Path = ROOT / "data"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    def readable_dirs(self) -> tuple[Path, ...]:
        return (self.templates.resolve(), self.fonts.resolve(), self.data.resolve())

    def local_path(self, url: str) -> Path | None:
        """The file a file: URL names, if it lies under templates/, fonts/ or data/."""
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parsed.path)).resolve()
        if any(path.is_relative_to(d) for d in self.readable_dirs()) and path.is_file():
            return path
        return None

    def output_path(self, relation: str, audience: str, doc: str, lang: str) -> Path:
        """Ids are validated as [a-z0-9-]; this checks again, as the last line
        of defence, that no name can place a file outside reports/."""
        path = self.reports / relation / audience / f"{doc}.{lang}.pdf"
        if not path.resolve().is_relative_to(self.reports.resolve()) or ".." in path.parts:
            raise ValueError(f"output path {path} would leave {self.reports}")
        return path

    def thumbnail_path(self, output: Path) -> Path:
        """reports/thumbnails/<relation>/<audience>/<doc>.<lang>.png for reports/<...>.pdf."""
        return self.reports / "thumbnails" / output.relative_to(self.reports).with_suffix(".png")
