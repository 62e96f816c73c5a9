"""What a page shows of a profile's `sop` citation: the SOP's section, never the seed's line
numbers. "S7 Për fëmijën (L984–986)" reads "S7 Për fëmijën"; the full citation, lines
included, stays in the profile and the docs for whoever checks the profile against the SOP."""

import re

_LINES = r"L\d+(?:[–-]\d+)?"
_AFTER = re.compile(r";.*$", re.S)  # "…; nrm.meetings": an implementation note
_PAREN = re.compile(r"\s*\([^()]*\)")  # "(L984–986)", "(the units responsible …)"
_LINE = re.compile(rf"\b(?:seed\s+)?{_LINES}\b")
_SPACES = re.compile(r"\s+")
_COMMAS = re.compile(r"\s*,\s*(?:,\s*)*")

LINE_CITATION = re.compile(rf"\b{_LINES}\b")


def sop_section(citation: str) -> str:
    text = _AFTER.sub("", citation or "")
    text = _PAREN.sub("", text)
    text = _LINE.sub("", text)
    text = _COMMAS.sub(", ", _SPACES.sub(" ", text)).strip(" ,")
    return text
