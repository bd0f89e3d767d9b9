"""Page furniture: what sits among an article's paragraphs or around it but is not article text."""

from __future__ import annotations

import re

# "Read also: <link to another article>": a cross-link between paragraphs, never article text.
READ_ALSO = re.compile(r"(?:اقرأ|إقرأ|اقرا|إقرا|طالع|شاهد)\s*(?:أيضا|أيضاً|ايضا|ايضاً|المزيد|كذلك)\b"
                       r"|(?:read also|read more|see also|related)\b", re.I)
