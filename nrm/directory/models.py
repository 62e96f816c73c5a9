"""The service directory on the Open Referral HSDS 3.1 model (docs/directory.md):
organisations (each an institution of the system), their services with eligibility,
languages, licence and status, their locations (county and municipality only: a shelter's
street address is confidential and never stored), and a service's bed capacity. Every row
carries a stable UUID, the `id` of the HSDS export."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    STATE = "state", _("State")
    NGO = "ngo", _("Non-governmental organisation")
    PRIVATE = "private", _("Private")


class TargetGroup(models.TextChoices):
    CHILD = "child", _("Children")
    ADULT = "adult", _("Adults")
    ANY = "any", _("Children and adults")


class Sex(models.TextChoices):
    ANY = "any", _("Any")
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")


class ServiceStatus(models.TextChoices):
    """HSDS `service.status`."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")


class Organization(models.Model):
    """HSDS `organization`: a provider, always an institution of the system (so a referral
    to it reaches its users' inbox)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.OneToOneField(
        "accounts.Institution", on_delete=models.PROTECT, related_name="organization"
    )
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["institution__name"]

    def __str__(self) -> str:
        return self.institution.name


class Service(models.Model):
    """HSDS `service` with its eligibility (age range, sex, target group), languages, licence
    and the counties it serves. `need` is a code of the profile's `service_needs`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    need = models.CharField(_("need"), max_length=32)
    target_group = models.CharField(
        _("target group"), max_length=8, choices=TargetGroup.choices, default=TargetGroup.ANY
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.ANY)
    languages = models.JSONField(_("languages"), default=list, blank=True)  # ISO 639-1
    licence_number = models.CharField(_("licence number"), max_length=64, blank=True)
    # Null: the service needs no licence.
    licence_expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    counties = models.JSONField(_("counties served"), default=list, blank=True)

    class Meta:
        ordering = ["organization_id", "name"]
        indexes = [models.Index(fields=["need", "status"], name="service_need")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """HSDS `location`, physical, without a street address (a shelter's is confidential)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200)
    county = models.CharField(_("county"), max_length=64)  # a county code of the profile
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    """HSDS `service_at_location`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location")
        ]


class ServiceCapacity(models.Model):
    """HSDS `service_capacity`: the beds of a service, kept by `directory.capacity` (taken on
    admission, released on exit) under a row lock; never below 0 nor above the maximum."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="capacity")
    unit = models.CharField(_("unit"), max_length=16, default="bed")
    available = models.PositiveIntegerField(_("available"))
    maximum = models.PositiveIntegerField(_("maximum"))
    updated = models.DateTimeField(_("updated"))

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available__gte=0), name="capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(available__lte=models.F("maximum")),
                name="capacity_not_over_maximum",
            ),
        ]
