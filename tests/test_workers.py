"""Worker processes: results in order, in this process when there are few items."""

from __future__ import annotations

import os

import pytest

from smm_promote import workers


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_many_items_go_to_the_workers_and_come_back_in_order():
    found = workers.map_in_workers(_pid_and_square, list(range(40)), 2)
    assert [square for _, square in found] == [n * n for n in range(40)]
    assert os.getpid() not in {pid for pid, _ in found}


@pytest.mark.parametrize(("count", "cores"), [(15, 2), (40, 1)])
def test_few_items_or_one_core_stay_in_this_process(count, cores):
    found = workers.map_in_workers(_pid_and_square, list(range(count)), cores)
    assert found == [(os.getpid(), n * n) for n in range(count)]
