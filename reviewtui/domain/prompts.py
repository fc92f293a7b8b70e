"""The questions a section or a queue puts to the room: three to seven, none of them blank."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field


def _have_text(prompts: list[str]) -> list[str]:
    if any(not p.strip() for p in prompts):
        raise ValueError("prompts must not be empty strings")
    return prompts


Prompts = Annotated[list[str], Field(min_length=3, max_length=7), AfterValidator(_have_text)]
