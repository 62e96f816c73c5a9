"""The home page's A5 section: requests addressed to the reader's own institution only."""

import pytest

from nrm.screening import services
from tests.home_helpers import home_of, section

pytestmark = pytest.mark.django_db


def test_an_a5_shows_on_the_home_of_the_institutions_it_is_addressed_to(
    actors, screened, interviewed, consented
):
    case = screened(3)
    interviewed(case)
    consented(case)
    services.formal_identification_request(
        actor=actors["police.tirana"], case_id=case.pk, grounds="Three indicators"
    )
    # An adult's A5 goes to the police and the State Social Service of the county.
    requests = section(home_of("social.tirana"), "screening-requests")
    assert case.reference in requests
    assert f'href="/cases/{case.pk}/identification/"' in requests
    # Not addressed to the PMF, nor to another county: no section at all.
    assert section(home_of("pmf.tirana"), "screening-requests") == ""
    shkoder = home_of("police.shkoder")
    assert section(shkoder, "screening-requests") == "" and case.reference not in shkoder
