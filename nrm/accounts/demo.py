"""Who plays which part in the demo (the instance's profile's demo file, `cast`): the demo's
walkers ask here for the police, the shelter, the secretariat… of the jurisdiction they run
in, never for a username or an institution code of their own. Nothing when the profile's
demo casts nobody for a part, or its user was not made: the walker then skips itself."""

from django.conf import settings

from nrm.accounts.models import Institution, User
from nrm.accounts.policy import Actor, actor_for
from nrm.jurisdictions import get_profile
from nrm.jurisdictions.schema import DemoData, DemoUser


def demo_data() -> DemoData | None:
    """The instance's profile's demo file, or None."""
    return get_profile(settings.NRM_JURISDICTION).demo


def _player(part: str) -> DemoUser | None:
    demo = demo_data()
    return demo.player(part) if demo is not None else None


def cast_username(part: str) -> str | None:
    player = _player(part)
    return player.username if player is not None else None


def cast_user(part: str) -> User | None:
    player = _player(part)
    return User.objects.filter(username=player.username).first() if player else None


def cast_actor(part: str) -> Actor | None:
    user = cast_user(part)
    return actor_for(user) if user is not None else None


def cast_institution_code(part: str) -> str | None:
    player = _player(part)
    return player.institution if player is not None else None


def cast_institution(part: str) -> Institution | None:
    code = cast_institution_code(part)
    return Institution.objects.filter(code=code).first() if code else None


def member_actor(institution_code: str) -> Actor | None:
    """The demo user who acts for that institution (the first listed at it), or None."""
    demo = demo_data()
    member = demo.member(institution_code) if demo is not None else None
    user = User.objects.filter(username=member.username).first() if member else None
    return actor_for(user) if user is not None else None
