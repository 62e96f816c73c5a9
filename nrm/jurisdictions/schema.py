"""The shape of a jurisdiction profile. Pydantic validates it; `rules.py` checks meaning."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Code = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A user-facing text in every language of the profile."""

    sq: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return getattr(self, language, None) or self.sq


class Named(Strict):
    code: Code = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


class County(Named):
    iso: str = Field(pattern=r"^[A-Z]{2}-[0-9A-Z]{1,3}$")


class InstitutionType(Named):
    abbreviation: str = ""
    # National bodies (AP secretariat, ministries) have no county.
    national: bool = False


class Role(Named):
    capabilities: tuple[str, ...]


class Calendar(Strict):
    holidays_country: str = Field(pattern=r"^[A-Z]{2}$")
    time_zone: str
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday = 0


class Indicator(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z-]*-[0-9]{2}$")
    text: Text


class IndicatorGroup(Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z-]*$")
    applies_to: Literal["all", "child", "adult"]
    form: str | None = None
    title: Text
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class IndicatorCatalogue(Strict):
    code: str
    version: int = Field(ge=1)
    title: Text
    groups: tuple[IndicatorGroup, ...] = Field(min_length=1)

    def indicators(self) -> dict[str, tuple[IndicatorGroup, Indicator]]:
        return {i.code: (g, i) for g in self.groups for i in g.indicators}


class Profile(Strict):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    version: str = Field(pattern=r"^[0-9]{4}\.[0-9]+$")
    title: Text
    legal_basis: str
    valid_from: date
    languages: tuple[str, ...] = Field(min_length=1)
    default_language: str
    calendar: Calendar
    reference_prefix: str = Field(pattern=r"^[A-Z]{2,4}$")
    potential_victim_threshold: int = Field(ge=1, le=50)
    # A person younger than this is a child; an uncertain age that may be below it is too.
    age_of_majority: int = Field(ge=1, le=30)
    max_age: int = Field(default=120, ge=1, le=150)
    counties: tuple[County, ...] = Field(min_length=1)
    institution_types: tuple[InstitutionType, ...] = Field(min_length=1)
    roles: tuple[Role, ...] = Field(min_length=1)
    stages: tuple[Named, ...] = Field(min_length=2)
    identification_statuses: tuple[Named, ...] = Field(min_length=2)
    initial_stage: Code
    initial_status: Code
    stage_transitions: dict[Code, tuple[Code, ...]]
    status_transitions: dict[Code, tuple[Code, ...]]
    indicator_catalogue_files: tuple[str, ...] = ()
    # Filled by the loader from indicator_catalogue_files.
    indicator_catalogues: tuple[IndicatorCatalogue, ...] = ()

    @field_validator("default_language")
    @classmethod
    def _default_in_languages(cls, v: str, info) -> str:
        if v not in info.data.get("languages", ()):
            raise ValueError("default_language must be one of languages")
        return v

    @property
    def key(self) -> str:
        return f"{self.code}-{self.version}"

    def stage(self, code: str) -> Named:
        return _by_code(self.stages, code)

    def status(self, code: str) -> Named:
        return _by_code(self.identification_statuses, code)

    def county(self, code: str) -> County:
        return _by_code(self.counties, code)

    def institution_type(self, code: str) -> InstitutionType:
        return _by_code(self.institution_types, code)

    def role(self, code: str) -> Role:
        return _by_code(self.roles, code)

    def catalogue(self, code: str) -> IndicatorCatalogue:
        return _by_code(self.indicator_catalogues, code)


def _by_code(items, code):
    for item in items:
        if item.code == code:
            return item
    raise KeyError(code)
