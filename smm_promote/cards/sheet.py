"""A contact sheet: every card of a run on one image, labelled, to look at in one go."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw

from smm_promote.cards import fonts
from smm_promote.cards.imaging import load
from smm_promote.model import Card

ROW_HEIGHT = 300
GAP = 24
LABEL = 44
MAX_WIDTH = 2400


def contact_sheet(cards: Iterable[Card], out_path: Path) -> Path:
    """Lay `cards` out in rows (each card scaled to one height) and save a PNG."""
    cards = list(cards)
    thumbs: list[tuple[Card, Image.Image]] = []
    for card in cards:
        image = load(card.path)
        scale = ROW_HEIGHT / image.height
        thumbs.append((card, image.resize((round(image.width * scale), ROW_HEIGHT))))
    rows: list[list[tuple[Card, Image.Image]]] = [[]]
    width = GAP
    for item in thumbs:
        if rows[-1] and width + item[1].width + GAP > MAX_WIDTH:
            rows.append([])
            width = GAP
        rows[-1].append(item)
        width += item[1].width + GAP
    sheet_w = max((sum(t.width + GAP for _, t in row) + GAP for row in rows), default=GAP * 2)
    sheet_h = GAP + len(rows) * (ROW_HEIGHT + LABEL + GAP)
    sheet = Image.new("RGB", (sheet_w, sheet_h), (236, 238, 242))
    pen = ImageDraw.Draw(sheet)
    font = fonts.pil_font(fonts.resolve("inter", 500), 15)
    y = GAP
    for row in rows:
        x = GAP
        for card, thumb in row:
            sheet.paste(thumb.convert("RGB"), (x, y))
            for line, label in enumerate((f"{card.template} · {card.size}", card.path.parent.name)):
                while label and pen.textlength(label, font=font) > thumb.width:
                    label = label[:-2] + "…"
                pen.text((x, y + ROW_HEIGHT + 4 + line * 19), label, font=font, fill=(55, 65, 81))
            x += thumb.width + GAP
        y += ROW_HEIGHT + LABEL + GAP
    out_path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out_path, "PNG")
    return out_path
