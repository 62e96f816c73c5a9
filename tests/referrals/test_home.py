"""The home page's referral section: what awaits the reader's institution."""

import pytest

from tests.home_helpers import home_of, section

pytestmark = pytest.mark.django_db


def test_a_pending_referral_awaits_the_receiving_institution_only(woman, refer):
    case = woman()
    refer(case)
    incoming = section(home_of("shelter.tirana"), "referrals-action")
    assert case.reference in incoming
    # Before it accepts, the shelter may not open the case: the reference only, no link.
    assert f'href="/cases/{case.pk}/"' not in incoming
    # The sender has nothing to do while it is pending; another county sees nothing.
    assert section(home_of("police.tirana"), "referrals-action") == ""
    assert case.reference not in home_of("police.shkoder")
