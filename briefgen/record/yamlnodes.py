"""Read YAML into node trees that remember where every value was written.

Field readers (`MappingReader`) walk those nodes, convert values and record a
`Problem` with file:line:column and the field path for anything wrong, so a
whole file is checked in one pass and every problem is reported at once.
"""
from __future__ import annotations

import calendar
import difflib
import errno
import hashlib
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

import yaml

from . import markup
from ..errors import Location, Problem
from ..paths import ReadRefused, read_confined
from . import limits
from .languages import LANGUAGES, REQUIRED_LANGUAGES
from .model import CLASSIFICATIONS, DateRange, PartialDate, SourceSpan, Text

T = TypeVar("T")
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32        # data files nest a few levels; anything deeper is a mistake or an attack
# The last clean node tree of each file read, with the very bytes it was parsed from, in a
# process that asked for it (keep_parsed_files: the live preview and watch, which read the
# project again at each save): it then parses only the files whose bytes changed. Nothing
# here mutates a node, so a tree may be shared. A one-shot build reads each file once and
# keeps nothing (200 relationships' trees are about 60 MB).
_PARSED: Optional[dict[tuple[str, str], tuple[bytes, yaml.Node]]] = None
# THE id rule: relations, entities, items, audiences, variants; lower-case letters and
# digits in hyphenated runs, so an id is safe as a file name and in a URL.
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = re.compile(rf"^{ID}$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
HIJRI_PATTERN = re.compile(r"^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# Characters that steer or hide text without being seen: bidi embeddings and
# overrides (U+202A-202E; an override prints a title reversed) and isolates
# (U+2066-2069), and control characters other than tab and line feed.
# Direction inside a field is the renderer's job (<bdi>, see localize.py).
HIDDEN_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTROL_NAMES = {"\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
                 "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
                 "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
                 "\u2067": "RIGHT-TO-LEFT ISOLATE", "\u2068": "FIRST STRONG ISOLATE",
                 "\u2069": "POP DIRECTIONAL ISOLATE"}
WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")
# A file path rather than words: file: URLs, absolute, home or relative paths,
# drive letters, or one run with no spaces holding a slash and a file extension.
LOCAL_PATH = re.compile(r"^(?:file:|~|/|\.{1,2}[/\\]|[A-Za-z]:[/\\])|^(?=\S*[/\\])\S+\.[A-Za-z0-9]{1,5}$")


def read_yaml(path: Path, shown_as: str, problems: list[Problem],
              folder: Optional[Path] = None, digests: Optional[dict[str, str]] = None) -> Optional[yaml.Node]:
    """Parse one file into a node tree, or record why it cannot be read.
    Read by the one read policy (paths.read_confined): `folder` (default: the
    file's own) is where the file must lie once symlinks are resolved, and a
    hard link may be any file: a link to /etc/passwd is refused unread, so no
    message can repeat what it holds. `digests` is given {shown_as: sha256}
    of the very bytes parsed: what a document's input key says it was made
    from (rebuild/inputs.py), with no second read a save could slip between."""
    where = Location(shown_as)
    try:
        raw = read_confined(path, (folder or path.parent).resolve())
    except ReadRefused as refused:
        problems.append(Problem(where, f"cannot read file: {os.strerror(errno.ENOENT)}"
                                if refused.errno == errno.ENOENT else f"{refused.strerror}; refused"))
        return None
    except OSError as err:
        problems.append(Problem(where, f"cannot read file: {err.strerror}"))
        return None
    if digests is not None:
        digests[shown_as] = hashlib.sha256(raw).hexdigest()
    known = _PARSED.get((str(path), shown_as)) if _PARSED is not None else None
    if known is not None and known[0] == raw:
        return known[1]
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(position(raw, MAX_FILE_BYTES, shown_as),
                                f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} (reached here)"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        problems.append(Problem(position(raw, err.start, shown_as), "file is not UTF-8 text"))
        return None
    try:
        if not plain_structure(text, shown_as, problems):
            return None
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        loc = Location(shown_as, mark.line + 1, mark.column + 1) if mark else where
        problems.append(Problem(loc, f"YAML syntax: {err.problem or err.context}"))
        return None
    except yaml.YAMLError as err:
        problems.append(Problem(where, f"YAML syntax: {err}"))
        return None
    if node is None:
        problems.append(Problem(Location(shown_as, 1, 1), "file is empty"))
    elif _PARSED is not None:
        _PARSED[(str(path), shown_as)] = (raw, node)
        if len(_PARSED) > 2 * _looked:
            forget_files_gone()
    return node


# How many trees were kept after the last look for files gone: looked again
# once that many more are kept, so reading N files looks about 2N times on
# disk, not N*N/2 (2,000 files: 6 s against 0.3 s), and at most twice the
# trees of the files there are kept.
_looked = 0


def forget_files_gone() -> None:
    """Let go of the trees of files no longer there, when many trees more
    are kept: a session that renames or deletes files holds about those it reads.
    The preview reads files on more than one thread (a save's check, a
    draft's page: live/draftview.py), so the keys are copied before each is
    looked at on disk (the other thread may keep a tree meanwhile) and a
    tree the other thread let go of first is no error."""
    global _looked
    for key in list(_PARSED):
        if not os.path.exists(key[0]):
            _PARSED.pop(key, None)
    _looked = len(_PARSED)


def keep_parsed_files() -> None:
    """From now on, remember each file's clean node tree with its bytes (_PARSED)."""
    global _PARSED, _looked
    if _PARSED is None:
        _PARSED, _looked = {}, 0


def position(raw: bytes, offset: int, shown_as: str) -> Location:
    """file:line:column of a byte offset (column in bytes: the text may not decode)."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return Location(shown_as, raw.count(b"\n", 0, offset) + 1, offset - line_start + 1)


# libyaml when PyYAML has it (about 15 times faster); the pure-Python one otherwise.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain_structure(text: str, shown_as: str, problems: list[Problem]) -> bool:
    """Refuse anchors and aliases (an alias bomb expands a few lines into
    billions of nodes) and absurd nesting, before building any node."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            problems.append(Problem(Location(shown_as, mark.line + 1, mark.column + 1),
                                    "YAML anchors and aliases (&name, *name) are not allowed in these files; "
                                    "write the value out"))
            return False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                problems.append(Problem(Location(shown_as, mark.line + 1, mark.column + 1),
                                        f"nesting deeper than {MAX_DEPTH} levels"))
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return True


class NodeReader:
    """Shared state for reading one file: its name and the problem list."""

    def __init__(self, shown_as: str, problems: list[Problem]):
        self.file = shown_as
        self.problems = problems

    def at(self, node: yaml.Node, path: str) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1, path)

    def fail(self, node: yaml.Node, path: str, message: str) -> None:
        self.problems.append(Problem(self.at(node, path), message))

    def mapping(self, node: yaml.Node, path: str) -> Optional["MappingReader"]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, path, f"expected a mapping of fields, got {describe(node)}")
            return None
        return MappingReader(self, node, path)

    def sequence(self, node: yaml.Node, path: str) -> list[tuple[yaml.Node, str]]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, path, f"expected a list, got {describe(node)}")
            return []
        limit, what = (limits.MAX_EVENTS, "events") if path == "events" else (limits.MAX_ITEMS, "items")
        if len(node.value) > limit:
            self.fail(node, path, f"{len(node.value):,} {what}; the limit is {limit:,} {what} in one list "
                                  f"(README: Limits)")
        return [(item, f"{path}[{i}]") for i, item in enumerate(node.value)]

    def scalar(self, node: yaml.Node, path: str, expected: str) -> Optional[str]:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.fail(node, path, f"expected {expected}, got {describe(node)}")
            return None
        hidden = HIDDEN_CONTROLS.search(node.value)
        if hidden:
            char = hidden.group()
            self.problems.append(Problem(
                self.char_at(node, hidden.start(), path),
                f"character U+{ord(char):04X} ({CONTROL_NAMES.get(char, 'a control character')}) is not "
                f"allowed: it changes how the text is shown without being seen"))
            return None
        return node.value

    def char_at(self, node: yaml.ScalarNode, index: int, path: str) -> Location:
        """Where the index-th character of a scalar was written: exact for a
        one-line scalar (plain or quoted, before any escape), else its start."""
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if node.start_mark.line == node.end_mark.line and node.style in (None, "", "'", '"'):
            before = node.value[:index]
            quote = node.style or ""
            if not quote or (quote not in before and "\\" not in before and before.isprintable()):
                column += index + len(quote)
        return Location(self.file, line, column, path)

    def string(self, node: yaml.Node, path: str) -> Optional[str]:
        value = self.scalar(node, path, "text")
        if value is not None and not value.strip():
            self.fail(node, path, "expected text, got an empty string")
            return None
        if value is not None:
            field = FIELD_PART.findall(path)[-2:][0][1] if path.count(".") else ""
            limit = limits.MAX_TITLE_CHARS if field in limits.TITLE_FIELDS else limits.MAX_TEXT_CHARS
            if len(value.strip()) > limit:
                self.fail(node, path, f"{len(value.strip()):,} characters; the limit is {limit:,} for "
                                      f"{'a title or name' if limit == limits.MAX_TITLE_CHARS else 'one text'} "
                                      f"(README: Limits)")
                return None
        return value.strip() if value is not None else None

    def marked_string(self, node: yaml.Node, path: str) -> Optional[str]:
        """Text that may carry the inline markup of record/markup.py, checked here."""
        value = self.string(node, path)
        for problem in markup.problems(value or ""):
            self.fail(node, path, problem)
        return value

    def web_address(self, node: yaml.Node, path: str) -> Optional[str]:
        """An http(s) address; a path on a disk is not a place a reader can look."""
        value = self.string(node, path)
        if value is not None and not WEB_ADDRESS.match(value):
            what = "a path on a disk" if looks_like_path(value) else "not a web address"
            self.fail(node, path, f"expected a web address (https://...), got {value!r}: {what}")
            return None
        return value

    def ident(self, node: yaml.Node, path: str) -> Optional[str]:
        value = self.scalar(node, path, "an id")
        if value is not None and not ID_PATTERN.match(value):
            self.fail(node, path, f"expected an id of lower-case letters, digits and hyphens, got {value!r}")
            return None
        return value

    def text(self, node: yaml.Node, path: str) -> Optional[Text]:
        """A field written in every required language, in others of the table
        as the author goes: {ar: ..., en: ..., fr: ..., classification: ...}."""
        if not isinstance(node, yaml.MappingNode):
            # Said in the data's terms: what the field wants, by example.
            self.fail(node, path, f'expected a text in both languages, e.g. {{ar: "…", en: "…"}}, '
                                  f'got {describe(node)}')
            return None
        fields = self.mapping(node, path)
        values = {lang: fields.get(lang, self.marked_string) for lang in REQUIRED_LANGUAGES}
        values.update({lang: fields.optional(lang, self.marked_string) for lang in LANGUAGES
                       if lang not in REQUIRED_LANGUAGES and fields.has(lang)})
        classification = self.classification(fields)
        if classification != "public" and not classifiable(path):
            self.fail(fields.node_of("classification"), f"{path}.classification",
                      "a single text can be classified only as an item of a list, or as the title, name, "
                      "text or publisher of an item (the item goes with it) or its optional short name; "
                      "here it would leave a required text empty: classify the whole item instead")
            return None
        fields.finish()
        if any(v is None for v in values.values()):
            return None
        return Text(**values, classification=classification)

    def classification(self, fields: "MappingReader") -> str:
        """The optional `classification:` of any item; public when absent."""
        return fields.optional("classification", self.choice(CLASSIFICATIONS), "public") or "public"

    def date(self, node: yaml.Node, path: str) -> Optional[PartialDate]:
        value = self.scalar(node, path, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        if value is None:
            return None
        parsed, error = parse_partial_date(value)
        if error:
            self.fail(node, path, error)
        return parsed

    def period(self, node: yaml.Node, path: str) -> Optional[DateRange]:
        fields = self.mapping(node, path)
        if fields is None:
            return None
        start, end = fields.get("start", self.date), fields.get("end", self.date)
        fields.finish()
        if start is None or end is None:
            return None
        if end.sort_key() < start.sort_key():
            self.fail(node, path, f"period ends ({end.iso()}) before it starts ({start.iso()})")
            return None
        return DateRange(start, end)

    def flag(self, node: yaml.Node, path: str) -> Optional[bool]:
        """`true` or `false` (a plain field, e.g. `draft: true`, not a YAML tag)."""
        value = self.scalar(node, path, "true or false")
        if value is not None and node.tag != "tag:yaml.org,2002:bool":
            self.fail(node, path, f"expected true or false, got {value!r}")
            return None
        return value.lower() == "true" if value is not None else None

    def count(self, node: yaml.Node, path: str) -> Optional[int]:
        """A whole number from 0 (a character offset)."""
        value = self.scalar(node, path, "a whole number")
        if value is not None and not value.isdigit():
            self.fail(node, path, f"expected a whole number from 0, got {value!r}")
            return None
        return int(value) if value is not None else None

    def hijri(self, node: yaml.Node, path: str) -> Optional[str]:
        """A Hijri date as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD of the Hijri calendar."""
        value = self.scalar(node, path, "a Hijri date (YYYY, YYYY-MM or YYYY-MM-DD)")
        match = HIJRI_PATTERN.match(value or "")
        if value is not None and not (match and all(int(g) >= 1 for g in match.groups() if g)
                                      and int(match.group(2) or 1) <= 12 and int(match.group(3) or 1) <= 30):
            self.fail(node, path, f"expected a Hijri date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1426-01-07), got {value!r}")
            return None
        return value

    def span(self, node: yaml.Node, path: str) -> Optional[SourceSpan]:
        """{sentence: ..., start: N, end: M}: where in its source a drafted item was read."""
        fields = self.mapping(node, path)
        if fields is None:
            return None
        sentence = fields.get("sentence", self.string)
        start, end = fields.get("start", self.count), fields.get("end", self.count)
        fields.finish()
        if sentence is None or start is None or end is None:
            return None
        if end < start:
            self.fail(node, path, f"the span ends (character {end}) before it starts (character {start})")
            return None
        return SourceSpan(sentence, start, end)

    def choice(self, options: Iterable[str]) -> Callable[[yaml.Node, str], Optional[str]]:
        options = tuple(options)

        def read(node: yaml.Node, path: str) -> Optional[str]:
            value = self.scalar(node, path, f"one of {', '.join(options)}")
            if value is not None and value not in options:
                self.fail(node, path, f"expected one of {', '.join(options)}, got {value!r}{did_you_mean(value, options)}")
                return None
            return value
        return read

    def record(self, build: Callable[["MappingReader"], Optional[T]]) -> Callable[[yaml.Node, str], Optional[T]]:
        """A reader for a mapping that becomes one record: build(fields) makes
        it, then every field not read is reported as unknown."""
        def read(node: yaml.Node, path: str) -> Optional[T]:
            fields = self.mapping(node, path)
            if fields is None:
                return None
            value = build(fields)
            fields.finish()
            return value
        return read

    def list_of(self, read_item: Callable[[yaml.Node, str], Optional[T]]) -> Callable[[yaml.Node, str], tuple[T, ...]]:
        def read(node: yaml.Node, path: str) -> tuple[T, ...]:
            items = [read_item(item, item_path) for item, item_path in self.sequence(node, path)]
            return tuple(i for i in items if i is not None)
        return read


class MappingReader:
    """Reads the fields of one YAML mapping; `finish()` reports unknown keys."""

    def __init__(self, reader: NodeReader, node: yaml.MappingNode, path: str):
        self.reader, self.node, self.path = reader, node, path
        self.fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        self.used: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in self.fields:
                reader.fail(key_node, self.child(key), "duplicate key: this field is written twice")
            self.fields[key] = (key_node, value_node)

    def child(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.fields

    def node_of(self, key: str) -> yaml.Node:
        return self.fields[key][1] if key in self.fields else self.node

    def get(self, key: str, read: Callable[[yaml.Node, str], T], default: T = None,
            required: bool = True) -> T:
        self.used.add(key)
        if key not in self.fields:
            if required:
                self.reader.fail(self.node, self.child(key), "required field is missing")
            return default
        return read(self.fields[key][1], self.child(key))

    def optional(self, key: str, read: Callable[[yaml.Node, str], T], default: T = None) -> T:
        return self.get(key, read, default, required=False)

    def location(self, key: str) -> Location:
        return self.reader.at(self.node_of(key), self.child(key))

    def finish(self) -> None:
        for key, (key_node, _) in self.fields.items():
            if key not in self.used:
                hint = did_you_mean(key, sorted(self.used))
                self.reader.fail(key_node, self.child(key), f"unknown field{hint}")


# Texts an item cannot do without: classifying one removes the whole item
# (a citation without its publisher is no citation).
ESSENTIAL_TEXTS = ("title", "name", "text", "publisher")
OPTIONAL_TEXTS = ("short",)


def classifiable(path: str) -> bool:
    """May the text at this field path carry its own classification? Only
    where clearance can remove it and leave a whole document: a list item
    (a paragraph, a participant), an item's essential text (the item goes
    too), or an item's optional text. Not the relationship's title, an
    entity's name or a required description, which every document prints."""
    if path.endswith("]"):
        return True
    parent, _, key = path.rpartition(".")
    return parent.endswith("]") and key in ESSENTIAL_TEXTS + OPTIONAL_TEXTS


def parse_partial_date(value: str) -> tuple[Optional[PartialDate], Optional[str]]:
    """'2006-11-17', '2014-12' or '2014' -> PartialDate, or an explanation."""
    match = DATE_PATTERN.match(value.strip())
    if not match:
        return None, f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}"
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        return None, f"year 0 does not exist; years run from 0001 to 9999 (in {value!r})"
    if month is not None and not 1 <= month <= 12:
        return None, f"month {month} does not exist (in {value!r})"
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return None, f"day {day} does not exist in {year}-{month:02d}, which has {last} days (in {value!r})"
    return PartialDate(year, month, day), None


FIELD_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def find_node(path: Path, field_path: str) -> Optional[yaml.Node]:
    """The node written at a field path (events[3].title.en) of a file that
    has already passed read_yaml, to place a problem found later (a glyph
    the fonts lack) at its line and column; None if it cannot be found."""
    return node_at(composed(path), field_path)


def composed(path: Path) -> Optional[yaml.Node]:
    """A file's YAML nodes (read again, to place many fields with node_at)."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def node_at(node: Optional[yaml.Node], field_path: str) -> Optional[yaml.Node]:
    """The node at a field path below `node`; None if there is none."""
    for index, key in FIELD_PART.findall(field_path):
        if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
        elif key and isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
            if not found:
                return None
            node = found[-1]
        else:
            return None
    return node


def location_of(node: Optional[yaml.Node], shown_as: str, field_path: str) -> Location:
    """file:line:column of a node found again, with its field path; the file alone if not found."""
    if node is None:
        return Location(shown_as, path=field_path)
    return Location(shown_as, node.start_mark.line + 1, node.start_mark.column + 1, field_path)


def locate_char(path: Path, shown_as: str, field_path: str, char: str) -> Location:
    """file:line:column of the first `char` in the text at `field_path`."""
    node = find_node(path, field_path)
    if not isinstance(node, yaml.ScalarNode):
        return Location(shown_as, path=field_path)
    index = node.value.find(char)
    return NodeReader(shown_as, []).char_at(node, max(index, 0), field_path)


def looks_like_path(value: Optional[str]) -> bool:
    return bool(value) and bool(LOCAL_PATH.search(value.strip()))


def did_you_mean(word: object, options: Iterable[object]) -> str:
    """A hint for any value against any options: an id that failed to read is
    None among the known ones, and a hint must never turn a problem into a crash."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [o for o in options if isinstance(o, str)], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == "tag:yaml.org,2002:null":
        return "nothing (null)"
    return f"{node.value!r}"
