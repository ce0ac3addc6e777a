"""Pictures of a typical result for the demo's catalogue: a business card, a can badge and a
file with its spine label, drawn here (a station takes photos of its own samples instead). Each is
the last step's picture of its job type, so the worker sees the finished sample at the station and
a requester sees it in the web desk's catalogue."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from flat_desktop.assets import resource

W, H = 480, 300
INK, PAPER, LINE = (30, 30, 30), (255, 255, 255), (90, 107, 125)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource("fonts", "ipaexg.ttf")), size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def business_card() -> bytes:
    im = Image.new("RGB", (W, H), (226, 232, 240))
    d = ImageDraw.Draw(im)
    d.rectangle((60, 40, 420, 256), fill=PAPER, outline=LINE, width=2)
    d.text((84, 64), "総務部 総務課 主任", font=_font(16), fill=INK)
    d.text((84, 110), "青木 花子", font=_font(40), fill=INK)
    d.text((86, 160), "あおき はなこ", font=_font(15), fill=LINE)
    d.text((84, 206), "048-830-2001  aoki@pref.example.jp", font=_font(14), fill=INK)
    return _png(im)


def can_badge() -> bytes:
    im = Image.new("RGB", (W, H), (226, 232, 240))
    d = ImageDraw.Draw(im)
    d.ellipse((130, 20, 390, 280), fill=(31, 95, 168), outline=INK, width=3)
    d.ellipse((150, 40, 370, 260), outline=PAPER, width=2)
    d.text((260, 130), "県民の日", font=_font(36), fill=PAPER, anchor="mm")
    d.text((260, 185), "2026", font=_font(24), fill=PAPER, anchor="mm")
    return _png(im)


def file_with_label() -> bytes:
    im = Image.new("RGB", (W, H), (226, 232, 240))
    d = ImageDraw.Draw(im)
    d.rectangle((150, 20, 330, 280), fill=(46, 125, 50), outline=INK, width=2)
    d.rectangle((205, 40, 275, 250), fill=PAPER, outline=INK, width=1)
    for i, ch in enumerate("会議資料"):
        d.text((240, 70 + i * 42), ch, font=_font(30), fill=INK, anchor="mm")
    return _png(im)


# Job type key -> its typical result.
RESULTS = {"cards": business_card, "badges": can_badge, "files": file_with_label}
