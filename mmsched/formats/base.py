"""The base of every file model: unknown fields refused, values frozen, text stripped."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FileModel(BaseModel):
    """A model read from a file: a misspelt field is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Name(FileModel):
    """A display name in English and Chinese. A plain string in a file sets both."""

    en: str = Field(min_length=1)
    zh: str | None = None

    def get(self, lang: str) -> str:
        """The name in ``lang`` ("en" or "zh"), falling back to English."""
        return (self.zh or self.en) if lang == "zh" else self.en
