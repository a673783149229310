"""The summary's QR codes read from a photo or a screenshot the patient sent, with zxing-cpp (a
maintained decoder with wheels on the package index, so nothing is built on the physio's machine)."""
from __future__ import annotations

from pathlib import Path

from ..errors import ContentError

PHOTO_ENDINGS = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")
MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"RIFF", b"GIF8", b"BM")


def looks_like_photo(path: Path) -> bool:
    if path.suffix.lower() in PHOTO_ENDINGS + (".heic", ".heif"):
        return True
    try:
        with path.open("rb") as file:
            return file.read(4).startswith(MAGIC)
    except OSError:
        return False


def read_photo(path: Path) -> str | list[ContentError]:
    """The text of every QR code in the picture, one per line (several codes may be in one photo)."""
    shown = str(path)
    if path.suffix.lower() in (".heic", ".heif"):
        return [ContentError(shown, 1, "this is an iPhone HEIC photo, which hepkit cannot open",
                             "ask for a screenshot instead, or save the photo as JPEG")]
    try:
        import zxingcpp
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        return [ContentError(shown, 1, "reading a photo needs the zxing-cpp and Pillow packages",
                             "install them: pip install zxing-cpp pillow (or paste the summary's text instead)")]
    try:
        with Image.open(path) as image:
            image.load()
            codes = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (OSError, UnidentifiedImageError, ValueError) as e:
        return [ContentError(shown, 1, f"this picture cannot be opened ({e.__class__.__name__})",
                             "ask for the photo again, or for the summary as text (Copy as text)")]
    if not codes:
        return [ContentError(shown, 1, "no QR code can be read in this picture",
                             "ask for a sharper photo taken straight on, or for the summary as text (Copy as text)")]
    return "\n".join(code.text for code in codes)
