"""The issue's property: no sequence of referral actions (create, accept, decline, start,
complete, cancel — by random parties) leaves access to the case with an institution whose
referral is not accepted or in progress, and none loses access while one is."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from nrm.consent.services import consent_record
from nrm.core import clock
from nrm.core.errors import DomainError, NotFound
from nrm.referrals import services
from nrm.referrals.models import ACCESS_STATUSES, Referral
from nrm.registry.selectors import case_get

pytestmark = pytest.mark.django_db

USERS = ["police.tirana", "shelter.tirana", "pmf.tirana", "social.tirana"]
NEEDS = ["shelter", "psycho_social", "family"]
STEPS = {
    "accept": services.referral_accept,
    "decline": services.referral_decline,
    "start": services.referral_start,
    "complete": services.referral_complete,
    "cancel": services.referral_cancel,
}


def test_access_follows_the_referrals(actors, make_case, reference):
    owner = actors["police.tirana"]

    class Referrals(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.savepoint = transaction.savepoint()
            self.case = make_case("police.tirana", sex="female", date_of_birth=date(1990, 1, 1))
            for code in ("shelter-tirana", "njmf-tirana", "shssh-tirana", "police-slktp-tirana"):
                consent_record(
                    actor=owner,
                    case_id=self.case.pk,
                    purpose="sharing",
                    given=True,
                    given_by="person",
                    signed_on=clock.today(),
                    form="general",
                    institution=code,
                )

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        @rule(
            who=st.sampled_from(USERS),
            to=st.sampled_from(["shelter-tirana", "njmf-tirana", "shssh-tirana"]),
            need=st.sampled_from(NEEDS),
        )
        def create(self, who, to, need):
            try:
                with transaction.atomic():
                    services.referral_create(
                        actor=actors[who], case_id=self.case.pk, to_institution=to, need=need
                    )
            except DomainError:
                pass

        @rule(
            who=st.sampled_from(USERS), step=st.sampled_from(sorted(STEPS)), pick=st.integers(0, 9)
        )
        def move(self, who, step, pick):
            ids = list(Referral.objects.filter(case=self.case).values_list("pk", flat=True))
            if not ids:
                return
            try:
                with transaction.atomic():
                    STEPS[step](actor=actors[who], referral_id=ids[pick % len(ids)], note="x")
            except DomainError:
                pass

        @invariant()
        def access_is_exactly_the_open_referrals(self):
            for who in USERS[1:]:
                actor = actors[who]
                try:
                    case_get(actor=actor, id=self.case.pk)
                    sees = True
                except NotFound:
                    sees = False
                holds = Referral.objects.filter(
                    case=self.case,
                    to_institution_id=actor.institution_id,
                    status__in=ACCESS_STATUSES,
                ).exists()
                assert sees == holds, (who, sees, holds)

    run_state_machine_as_test(
        Referrals,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
