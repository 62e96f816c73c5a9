"""nrm.E112: meaning checks of the profile's `referrals` block (on the `profile_checks`
door): every state in `transitions`, `initial` and `access_states` is one nrm knows (the HL7
SDOH states of `ReferralStatus`), the consent purpose is one of the consent registry's, and
`service_needs` codes are unique."""

from nrm.jurisdictions.schema import Profile
from nrm.referrals.models import ReferralStatus

CODE = "nrm.E112"


def check_referrals(profile: Profile, add) -> None:
    seen: set[str] = set()
    for i, need in enumerate(profile.service_needs):
        if need.code in seen:
            add(CODE, f"service_needs: duplicate code {need.code!r}", ("service_needs", i))
        seen.add(need.code)
    rules = profile.referrals
    if rules is None:
        return
    known = set(ReferralStatus.values)
    states = {rules.initial, *rules.access_states}
    for source, moves in rules.transitions.items():
        states |= {source, *moves}
    for state in sorted(states - known):
        add(CODE, f"referrals: unknown state {state!r}", ("referrals", "transitions"))
    purposes = {p.code for p in profile.consent.purposes} if profile.consent else set()
    if profile.consent is not None and rules.consent_purpose not in purposes:
        add(
            CODE,
            f"referrals: unknown consent purpose {rules.consent_purpose!r}",
            ("referrals", "consent_purpose"),
        )
