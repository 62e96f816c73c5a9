"""Persons, cases, their status history and the grants that share a case between agencies.

Identity and contact fields are encrypted at rest; `name_index` is a keyed blind index
(HMAC) of the normalised full name, and `PersonNameToken` one keyed blind index per
normalised name token (search by any part of a name) — never the name itself.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nrm.core.crypto import EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Person(models.Model):
    given_name = EncryptedTextField(_("given name"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    # blind index column → the encrypted fields it is computed from (joined by a space);
    # `nrm keys reindex` finds it here to recompute it under a new index key.
    BLIND_INDEXES = {"name_index": ("given_name", "family_name")}
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    # ISO date as text, encrypted: a date of birth identifies a person.
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_is_estimated = models.BooleanField(_("age is estimated"), default=False)
    appears_to_be_child = models.BooleanField(_("appears to be a child"), default=False)
    # ISO 3166-1 alpha-2 (and XK), or XXA stateless, XXX unknown (nrm.core.codes).
    citizenship = models.CharField(_("citizenship"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    created_at = models.DateTimeField()
    # Set by anonymisation (retention): the identity is gone, the age group stays.
    age_group = models.CharField(_("age group"), max_length=8, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:  # never a name: this may end up in a log
        return f"person #{self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class PersonNameToken(models.Model):
    """One keyed HMAC of one normalised token of a person's name (given and family names,
    `nrm.registry.name_tokens`): the search finds a person by any part of the name without
    the name, or the token, being stored. Written by the services that write the name;
    emptied by anonymisation; recomputed by `nrm keys reindex` (docs/security.md)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="name_token_once")]
        indexes = [models.Index(fields=["digest", "person"], name="name_token_digest")]

    def __str__(self) -> str:  # never a name
        return f"name token of person #{self.person_id}"


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    owner_institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="owned_cases"
    )
    # The profile version in force when the case opened; its rules apply for life.
    profile_code = models.CharField(max_length=8)
    profile_version = models.CharField(max_length=16)
    stage = models.CharField(_("stage"), max_length=32)
    identification_status = models.CharField(_("identification status"), max_length=32)
    is_child = models.BooleanField(_("child"))
    county = models.CharField(_("county"), max_length=64, blank=True)
    screening = models.JSONField(null=True, blank=True)
    # Codes of the profile's `exploitation_forms` (coded facts, mapped to HTCDS on export).
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    created_at = models.DateTimeField(_("opened"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))
    # Bumped by every service that changes the case (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    # When the case entered the profile's closing stage (retention runs from here), and
    # when the worker anonymised it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="case_newest"),
            models.Index(fields=["owner_institution", "-created_at"], name="case_owner_newest"),
            models.Index(fields=["stage", "-created_at"], name="case_stage_newest"),
            models.Index(
                fields=["identification_status", "-created_at"], name="case_status_newest"
            ),
            models.Index(fields=["county", "-created_at"], name="case_county_newest"),
            # The retention job reads only closed cases not yet anonymised.
            models.Index(
                fields=["closed_at"],
                name="case_retention_due",
                condition=models.Q(closed_at__isnull=False, anonymised_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class DuplicateContinuation(models.Model):
    """A case opened although likely existing records of its person were shown (or, for
    cases the opener may not see, announced without naming them): the opener's reason and
    which cases matched (docs/duplicate-warning.md)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_checks")
    # Free text: may name the person. Encrypted, emptied by anonymisation.
    reason = EncryptedTextField(_("reason"), blank=True)
    visible_cases = models.JSONField(default=list)  # ids shown to the opener
    hidden_cases = models.JSONField(default=list)  # ids the opener may not see
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class CaseProcedure(models.Model):
    """One run of a procedure of the profile on a case (identification, protection, return,
    reintegration, investigation support), in one of the procedure's states. Several run at
    once; `Case.stage` is derived from them (docs/procedures.md). At most one open run of a
    procedure per case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="procedures")
    code = models.CharField(_("procedure"), max_length=32)
    state = models.CharField(_("state"), max_length=32)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Closed because the case was closed: reopening the case reopens it.
    closed_with_case = models.BooleanField(default=False)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"],
                condition=models.Q(closed_at__isnull=True),
                name="procedure_open_once",
            )
        ]
        indexes = [models.Index(fields=["code", "closed_at", "case"], name="procedure_open")]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class StatusField(models.TextChoices):
    STAGE = "stage", _("stage")
    IDENTIFICATION_STATUS = "identification_status", _("identification status")
    PROCEDURE = "procedure", _("procedure")


class CaseStatusChange(models.Model):
    """One row per change of stage or identification status: who, when, from, to, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=32, choices=StatusField.choices)
    from_value = models.CharField(max_length=32, blank=True)
    to_value = models.CharField(max_length=32)
    # Free text may name the person: encrypted, and emptied by anonymisation.
    reason = EncryptedTextField(blank=True)
    # Free text (a court's or a body's reference may carry a name): encrypted (finding 4).
    decision_reference = EncryptedTextField(blank=True)
    # The profile code that grounds the change: the kind of act that decided a status
    # (`status_authorities`), the reason a case was closed (`case_closure.reasons`).
    reason_code = models.CharField(max_length=32, blank=True)
    # For a procedure's row: its code; from/to are its states ("" = not running).
    procedure = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["at", "id"]


class GrantKind(models.TextChoices):
    REFERRAL = "referral", _("referral")
    ASSIGNMENT = "assignment", _("assignment")


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    REVOKED = "revoked", _("revoked")


class CaseGrant(models.Model):
    """Access of another institution to a case: who gave it, when, and why (Primero's lesson:
    every hand-off is one explicit row)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="case_grants"
    )
    kind = models.CharField(max_length=16, choices=GrantKind.choices)
    status = models.CharField(max_length=16, choices=GrantStatus.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)  # free text: may name the person

    class Meta:
        indexes = [models.Index(fields=["institution", "status", "case"], name="grant_reach")]


class ReferenceCounter(models.Model):
    """The last number given per prefix and year; references carry nothing about the person."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="refcounter_unique")]


class CaseTally(models.Model):
    """How many cases share one combination of the list filters. Kept by the services in
    the same transaction as the change, so counting everything (the AP secretariat's list
    and dashboard) sums a few hundred rows instead of scanning every case."""

    owner_institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="+"
    )
    county = models.CharField(max_length=64, blank=True)
    stage = models.CharField(max_length=32)
    identification_status = models.CharField(max_length=32)
    is_child = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "owner_institution",
                    "county",
                    "stage",
                    "identification_status",
                    "is_child",
                ],
                name="casetally_unique",
            )
        ]


class PersonDataRequest(models.Model):
    """A request for a person's own data (an export): who asked, on whose behalf, and whether
    it was refused (a parent or guardian suspected of involvement never receives it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="data_requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="data_requests")
    requester = models.CharField(_("requested by"), max_length=16)  # a code of person_rights
    requester_name = EncryptedTextField(_("name of the requester"), blank=True)
    suspected = models.BooleanField(_("requester suspected of involvement"), default=False)
    format = models.CharField(_("format"), max_length=8)
    language = models.CharField(_("language"), max_length=8)
    refused = models.BooleanField(_("refused"), default=False)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]


class PersonCorrection(models.Model):
    """One correction of a person's data on request: the field, the old and new value
    (encrypted), why, who asked and when, who made it and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("field"), max_length=32)
    old_value = EncryptedTextField(_("old value"), blank=True)
    new_value = EncryptedTextField(_("new value"), blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    requested_by = models.CharField(_("requested by"), max_length=16)  # person_rights code
    requested_on = models.DateField(_("requested on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("corrected"))
    institution = models.ForeignKey(
        "accounts.Institution", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
