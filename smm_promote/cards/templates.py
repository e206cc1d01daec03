"""Card templates: declarative YAML files of layers, loaded and validated.

A template is a list of layers drawn in order. Boxes are `[x, y, width, height]` in percent
of the card, so one template serves every size; a box may differ per orientation
(`{landscape: [...], portrait: [...], square: [...], tall: [...]}`, square and tall falling
back to portrait). On tall cards (story, pinterest) portrait boxes are laid out in a centred
4:5 band; a box touching the top or bottom edge stretches to the card's edge.
Font sizes, blur and radii are in `vmin`: percent of the card's shorter side.
Text is a small Jinja template over the post's fields (sandboxed); list items are a Jinja
expression. Colours are CSS colours or names from the template's `colors` palette.

The shipped templates live in `image_templates/` (in the wheel: `smm_promote/_data/`);
a user's folder adds templates or overrides shipped ones by file name.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from jinja2 import TemplateError as JinjaError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import smm_promote
from smm_promote.errors import SmmPromoteError
from smm_promote.sandbox import CappedMutableSandbox

Orientation = Literal["landscape", "square", "portrait", "tall"]
Number = Annotated[float, Field(ge=0, le=100)]
BoxValue = tuple[Number, Number, Number, Number]


class TemplateError(SmmPromoteError):
    """A template file is invalid: the file and one line per problem (key, line, expected)."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid card template {origin}:\n{lines}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FontSpec(_Strict):
    family: str = "inter"
    weight: int = Field(400, ge=100, le=900)


class _Layer(_Strict):
    #: A name for the debug overlay and alt text.
    name: str | None = None
    #: Draw this layer only on cards of these orientations.
    only: tuple[Orientation, ...] | None = None
    #: Draw this layer only when this Jinja expression is true, e.g. `takeaways`.
    when: str | None = None
    box: BoxValue | dict[Orientation | Literal["default"], BoxValue] = (0, 0, 100, 100)

    @field_validator("box")
    @classmethod
    def _check_box(cls, value: Any) -> Any:
        boxes = value.values() if isinstance(value, dict) else [value]
        for x, y, w, h in boxes:
            if x + w > 100.001 or y + h > 100.001:
                raise ValueError(f"box [{x}, {y}, {w}, {h}] reaches outside the card (100%)")
        return value

    def box_for(self, orientation: str) -> BoxValue:
        if not isinstance(self.box, dict):
            return self.box
        fallback = "portrait" if orientation in {"square", "tall"} else None
        for key in (orientation, fallback, "default"):
            if key and key in self.box:
                return self.box[key]
        return next(iter(self.box.values()))


class BackgroundLayer(_Layer):
    type: Literal["background"]
    color: str = "#111827"
    #: Two or more colours for a linear gradient, drawn at `angle` degrees.
    gradient: tuple[str, ...] | None = None
    angle: float = 135
    #: `post` (the post's own image), `logo`, or a path; falls back to colour/gradient.
    image: str | None = None
    blur: float = Field(0, ge=0, le=20)
    #: A darkening layer over the image: one colour, or a gradient (top to bottom).
    scrim: tuple[str, ...] | None = None


class ShapeLayer(_Layer):
    type: Literal["shape"]
    fill: str = "#ffffff"
    gradient: tuple[str, ...] | None = None
    angle: float = 0
    radius: float = Field(0, ge=0, le=50)
    shape: Literal["rectangle", "ellipse"] = "rectangle"
    #: Width:height the shape keeps at every card size (1: a circle or square), drawn as
    #: large as fits its box and centred there; None stretches it to the box.
    aspect: float | None = Field(None, gt=0, le=20)


class TextLayer(_Layer):
    type: Literal["text"]
    text: str
    font: FontSpec = FontSpec()
    #: Largest and smallest font size, in vmin.
    size: tuple[Annotated[float, Field(gt=0, le=40)], Annotated[float, Field(gt=0, le=40)]] = (
        10,
        5,
    )
    max_lines: int = Field(3, ge=1, le=20)
    line_height: float = Field(1.15, ge=0.8, le=3)
    align: Literal["left", "center", "right"] = "left"
    valign: Literal["top", "middle", "bottom"] = "top"
    color: str = "#ffffff"
    uppercase: bool = False
    #: Start right below the drawn text of the layer of this name (the space a short title
    #: leaves goes to this layer), `gap` font sizes under it; the box's bottom stays.
    after: str | None = None
    gap: float = Field(0.8, ge=0, le=4)

    @field_validator("size")
    @classmethod
    def _max_first(cls, value: tuple[float, float]) -> tuple[float, float]:
        if value[1] > value[0]:
            raise ValueError(f"expected [max, min] with max >= min, got {list(value)}")
        return value


class ListLayer(_Layer):
    type: Literal["list"]
    #: A Jinja expression giving a list of strings, e.g. `headings[:4]`.
    items: str
    max_items: int = Field(4, ge=1, le=12)
    item_lines: int = Field(2, ge=1, le=6)
    marker: Literal["number", "bullet", "check", "none"] = "number"
    marker_color: str = "#ffffff"
    font: FontSpec = FontSpec()
    size: tuple[Annotated[float, Field(gt=0, le=40)], Annotated[float, Field(gt=0, le=40)]] = (
        6,
        3,
    )
    line_height: float = Field(1.15, ge=0.8, le=3)
    #: Space between items, in units of the font size.
    gap: float = Field(0.6, ge=0, le=4)
    valign: Literal["top", "middle", "bottom"] = "top"
    color: str = "#ffffff"


class ImageLayer(_Layer):
    type: Literal["image"]
    #: `logo`, `avatar` (the first author's), `post`, or a path.
    source: str
    fit: Literal["cover", "contain"] = "contain"
    mask: Literal["none", "circle", "rounded"] = "none"
    radius: float = Field(2, ge=0, le=50)


Layer = Annotated[
    BackgroundLayer | ShapeLayer | TextLayer | ListLayer | ImageLayer, Field(discriminator="type")
]


class Template(_Strict):
    """One card template. `source` and `digest` identify the file it was read from."""

    name: str
    description: str = ""
    colors: dict[str, str] = {}
    #: A Jinja template for the card's alt text; the default describes the layers.
    alt: str | None = None
    #: Draw this template only for posts where this Jinja expression is true, e.g.
    #: `takeaways`; a post that names the template in its `share:` block gets it anyway.
    when: str | None = None
    layers: tuple[Layer, ...] = Field(min_length=1)
    source: str = Field("", exclude=True)
    digest: str = Field("", exclude=True)

    @model_validator(mode="after")
    def _check_colors(self) -> Template:
        from smm_promote.cards.imaging import color

        def check(value: str, where: str) -> None:
            if value in self.colors:
                value = self.colors[value]
            try:
                color(value)
            except ValueError:
                raise ValueError(
                    f"{where}: expected a colour like '#1e3a8a' or a name from `colors`, "
                    f"got {value!r}"
                ) from None

        for name, value in self.colors.items():
            check(value, f"colors.{name}")
        for index, layer in enumerate(self.layers):
            for key in ("color", "fill", "marker_color"):
                if isinstance(getattr(layer, key, None), str):
                    check(getattr(layer, key), f"layers.{index}.{key}")
            for key in ("gradient", "scrim"):
                for value in getattr(layer, key, None) or ():
                    check(value, f"layers.{index}.{key}")
        return self

    def color(self, value: str) -> str:
        return self.colors.get(value, value)


def shipped_dir() -> Path:
    """The shipped templates: in the wheel's `_data`, or the repository's top level."""
    package = Path(smm_promote.__file__).parent
    for candidate in (package / "_data" / "image_templates", package.parent / "image_templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError(str(package), ["the shipped image_templates folder is missing"])


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of a key path in YAML text, through yaml's node marks."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(part)), None)
            key = next((k for k, v in node.value if k.value == str(part)), None)
            if match is None:
                break
            line, node = key.start_mark.line + 1, match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


LAYER_TYPES = {"background", "shape", "text", "list", "image"}


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-member names from an error location."""
    cleaned = []
    for index, part in enumerate(loc):
        if isinstance(part, str) and ("[" in part or part.startswith("function-")):
            continue
        if index and isinstance(loc[index - 1], int) and part in LAYER_TYPES:
            continue
        cleaned.append(part)
    return tuple(cleaned)


def parse(text: str, origin: str) -> Template:
    """Validate the YAML `text` of a template; raise `TemplateError` naming key, line, expected."""
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise TemplateError(origin, [f"not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise TemplateError(origin, ["expected a mapping with `name` and `layers`"])
    data.setdefault("name", Path(origin).stem)
    try:
        template = Template.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            key = ".".join(str(p) for p in loc) or "(top level)"
            line = _line_of(text, loc)
            where = f" (line {line})" if line else ""
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "unknown key"
            elif err["type"] == "union_tag_invalid":
                message = "unknown layer type; expected one of background, shape, text, list, image"
            problems.append(f"{key}{where}: {message}")
        raise TemplateError(origin, problems) from None
    if template.when:
        try:
            _compile(template.when, True)
        except JinjaError as exc:
            raise TemplateError(
                origin, [f"when: Jinja error in {template.when!r}: {exc}"]
            ) from None
    for index, layer in enumerate(template.layers):
        for expression, is_expression in _jinja_sources(layer):
            try:
                _compile(expression, is_expression)
            except JinjaError as exc:
                raise TemplateError(
                    origin, [f"layers.{index}: Jinja error in {expression!r}: {exc}"]
                ) from None
    return template.model_copy(
        update={"source": origin, "digest": hashlib.sha256(text.encode()).hexdigest()[:16]}
    )


def _jinja_sources(layer: Any) -> list[tuple[str, bool]]:
    sources = [(layer.when, True)] if layer.when else []
    if isinstance(layer, TextLayer):
        sources.append((layer.text, False))
    if isinstance(layer, ListLayer):
        sources.append((layer.items, True))
    return sources


_ENV = CappedMutableSandbox(autoescape=False, keep_trailing_newline=False)


def variables(template: Template) -> frozenset[str]:
    """The names the template's texts, lists, conditions and alt text read (a post's fields
    that no template of a card reads need not be worked out)."""
    sources = [(template.when, True)] if template.when else []
    if template.alt:
        sources.append((template.alt, False))
    for layer in template.layers:
        sources.extend(_jinja_sources(layer))
    return _variables(tuple(sources))


@lru_cache(maxsize=256)
def _variables(sources: tuple[tuple[str, bool], ...]) -> frozenset[str]:
    from jinja2 import meta

    names: set[str] = set()
    for source, is_expression in sources:
        parsed = _ENV.parse(f"{{{{ ({source}) }}}}" if is_expression else source)
        names |= meta.find_undeclared_variables(parsed)
    return frozenset(names)


@lru_cache(maxsize=256)
def _compile(source: str, expression: bool = False) -> Any:
    if expression:
        return _ENV.compile_expression(source, undefined_to_none=True)
    return _ENV.from_string(source)


def render_text(source: str, context: dict[str, Any]) -> str:
    """A text layer's content for one post ('' when the template fails at render time)."""
    return _compile(source).render(context).strip()


def applies(layer: Any, context: dict[str, Any]) -> bool:
    """Whether the layer's `when` expression (if any) is true for this post."""
    return not layer.when or bool(_compile(layer.when, True)(**context))


_WORDLIKE = re.compile(r"\w")


def render_items(source: str, context: dict[str, Any]) -> list[str]:
    value = _compile(source, True)(**context)
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if _WORDLIKE.search(value) else []
    items = (str(v).strip() for v in value)
    return [item for item in items if _WORDLIKE.search(item)]  # never a marker with no text


def load_library(user_dir: Path | None = None) -> tuple[dict[str, Template], list[tuple[str, str]]]:
    """Shipped templates, overridden or extended by `user_dir`; and (file, problem) pairs."""
    templates: dict[str, Template] = {}
    problems: list[tuple[str, str]] = []
    folders = [shipped_dir()]
    if user_dir is not None:
        if user_dir.is_dir():
            folders.append(user_dir)
        else:
            problems.append((str(user_dir), "templates folder not found"))
    for folder in folders:
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
            try:
                template = parse(path.read_text(encoding="utf-8"), str(path))
            except TemplateError as exc:
                problems.extend((str(path), p) for p in exc.problems)
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append((str(path), f"cannot read: {exc}"))
                continue
            templates[path.stem] = template
    return templates, problems
