"""``storyline._groups.Groups``: the one union-find the stages share."""

import pytest

from storyline._groups import Groups


def test_links_chain_into_one_group_and_others_stay_apart() -> None:
    groups = Groups("abcde")
    assert groups.link("a", "b") and groups.link("c", "b")
    assert not groups.link("a", "c")  # already one group
    assert groups["a"] == groups["b"] == groups["c"] == "c"  # the first argument's group stands for both
    assert groups["d"] == "d" and groups["e"] == "e"


def test_a_long_chain_resolves_to_its_first_item() -> None:
    groups = Groups(range(1000))
    for i in range(999, 0, -1):
        groups.link(i - 1, i)
    assert {groups[i] for i in range(1000)} == {0}


def test_an_unknown_item_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Groups([1, 2])[3]
