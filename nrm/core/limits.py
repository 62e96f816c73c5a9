"""Upper bounds on what a request may hold, the same for the API and the forms (second
review, low): no free text over TEXT_MAX characters, no list over LIST_MAX items. Names
and the person's languages have tighter bounds of their own (`registry.rules`)."""

TEXT_MAX = 10_000
LIST_MAX = 1_000
