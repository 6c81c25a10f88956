"""Names shown to people in English and Chinese, as plain values the engine can carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalName:
    """A display name in English and, where known, Chinese.

    >>> LocalName("Spring Festival", "春节").get("zh"), LocalName("RVD").get("zh")
    ('春节', 'RVD')
    """

    en: str
    zh: str | None = None

    def get(self, lang: str) -> str:
        """The name in ``lang`` ("en" or "zh"), falling back to English."""
        return (self.zh or self.en) if lang == "zh" else self.en
