"""The crawl process's garbage-collector tuning."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from hunaworld.monitoring.gctuning import GarbageCollectorTuning


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_engine_start_freezes_start_up_objects_and_raises_the_threshold(restored_gc: None) -> None:
    tuning = GarbageCollectorTuning.from_crawler(get_crawler(settings_dict={"HUNAWORLD_GC_THRESHOLD": 12345}))
    older = gc.get_threshold()[1:]
    tuning.engine_started()
    assert gc.get_threshold() == (12345, *older)
    assert gc.get_freeze_count() > 10_000


def test_zero_leaves_the_collector_alone() -> None:
    with pytest.raises(NotConfigured):
        GarbageCollectorTuning.from_crawler(get_crawler(settings_dict={"HUNAWORLD_GC_THRESHOLD": 0}))
