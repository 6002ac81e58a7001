"""An agreement's text from what an editor pastes or uploads: plain text,
HTML (the standard library's parser) or Word .docx (python-docx), as
paragraphs separated by blank lines for the clause parser.

Anything that cannot be read as text raises UnreadableText with a message
for the editor: an empty or binary file, a file over MAX_BYTES, a type other
than .txt, .html or .docx, a .docx that is not one.
"""

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

import docx

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: the longest agreements are ~100 KB of text
MAX_LABEL = "2 MB"
TYPES = (".txt", ".html", ".htm", ".docx")


class UnreadableText(ValueError):
    """The upload or paste is not an agreement's text; the message says why."""


def read_upload(name, data):
    """The text of an uploaded file named `name` with bytes `data`."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in TYPES:
        raise UnreadableText(
            f"{PurePath(name or '').name or 'The file'} is not a .txt, .html or "
            ".docx file; save the text in one of those formats, or paste it."
        )
    if not data:
        raise UnreadableText("The file is empty.")
    if len(data) > MAX_BYTES:
        raise UnreadableText(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_LABEL}. An agreement's text is far smaller: upload the text "
            "alone, without images."
        )
    if suffix == ".docx":
        return docx_text(data)
    text = decode(data)
    return html_text(text) if suffix in (".html", ".htm") else text


def check_pasted(text):
    """Pasted text, or UnreadableText if there is none or it is too long."""
    if not text or not text.strip():
        raise UnreadableText("Paste the agreement's text or upload a file.")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise UnreadableText(f"The pasted text is over the limit of {MAX_LABEL}.")
    if _looks_binary(text):
        raise UnreadableText("The text holds control characters, not words.")
    return text


def _looks_binary(text):
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return "\x00" in text or controls > max(3, len(text) // 100)


def decode(data):
    """UTF-8 (with or without a byte order mark), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise UnreadableText(
            "The file is binary, not text (a PDF or an image?). Open it, copy "
            "the text and paste it instead."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise UnreadableText("The file is binary, not text.")
    return text


BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
    "article", "blockquote", "dt", "dd", "pre", "table", "ol", "ul", "header",
    "footer", "main",
}  # fmt: skip
# HTML's own white space; a non-breaking space is text and stays.
ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
SKIPPED = {"script", "style", "head", "template", "noscript", "svg"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.skipping = [], [], 0

    def _break(self):
        text = " ".join(ASCII_SPACE.split("".join(self.current))).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS or tag == "br":
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def html_text(html):
    """The paragraphs of an HTML page (block elements), scripts dropped.
    Runs of spaces inside a block collapse (non-breaking spaces are kept)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._break()
    return "\n\n".join(collector.blocks)


def docx_text(data):
    """The paragraphs of a Word document, then its tables row by row.
    Word's automatic list numbers are not part of the text: the editor sees
    such items unnumbered in the preview."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableText(
            "The file is not a Word .docx document (an older .doc? save it "
            "as .docx, or paste the text)."
        ) from error
    blocks = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(block for block in blocks if block)
