"""The `screening` block of `POST /api/v1/cases` (a door of the registry's case intake)."""

from ninja import Field, Schema


class ScreeningIn(Schema):
    catalogue: str
    indicators: list[str] = []
    notes: str = ""
    override: str | None = Field(
        None, description="`potential_victim` or `none` when deciding against the suggestion"
    )
    justification: str = ""
