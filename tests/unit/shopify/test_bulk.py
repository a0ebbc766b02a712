"""Reading a bulk query's result: the queries Shopify would accept, and stitching nested
objects back to their parent as the file streams."""

from datetime import date

import pytest

from portal.demo.bulk_queries import bulk_query_problem
from portal.demo.schema import validate_query
from portal.shopify.bulk import BULK_QUERIES, BulkFailed, stitched
from portal.shopify.deliveries import deliveries_query


@pytest.mark.parametrize("name", sorted(BULK_QUERIES))
def test_the_bulk_operation_queries_validate(name):
    assert validate_query(BULK_QUERIES[name]) == []


def test_the_deliveries_query_is_a_bulk_query_shopify_accepts():
    assert bulk_query_problem(deliveries_query(date(2026, 6, 1))) is None
    assert "processed_at:>=2026-06-01" in deliveries_query(date(2026, 6, 1))


def test_nested_objects_join_their_parent_and_grandparent():
    lines = [{"id": "o1"}, {"id": "f1", "__parentId": "o1"}, {"id": "e1", "__parentId": "f1"},
             {"id": "o2"}, {"id": "o3"}, {"id": "f3", "__parentId": "o3"}]
    assert list(stitched(lines)) == [
        ({"id": "o1"}, [{"id": "f1", "__parentId": "o1"}, {"id": "e1", "__parentId": "f1"}]),
        ({"id": "o2"}, []),
        ({"id": "o3"}, [{"id": "f3", "__parentId": "o3"}])]
    assert list(stitched([])) == []


def test_an_object_apart_from_its_parent_fails_the_read():
    lines = [{"id": "o1"}, {"id": "o2"}, {"id": "f1", "__parentId": "o1"}]
    with pytest.raises(BulkFailed, match="apart"):
        list(stitched(lines))
