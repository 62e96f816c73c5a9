"""Reads of unique persons."""

from collections.abc import Iterable

from nrm.linkage.models import LinkDecision, PersonLink


def person_uids(person_ids: Iterable[int]) -> dict[int, int]:
    """The unique person of each record: the smallest person id of its component of live
    `same` links (a record with no link is its own). Not scoped: it returns ids only and is
    read by statistics, which never show a person."""
    wanted = set(person_ids)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    links = PersonLink.objects.filter(
        decision=LinkDecision.SAME, undone_at__isnull=True
    ).values_list("person_a_id", "person_b_id")
    for a, b in links.iterator():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {p: find(p) for p in wanted}
