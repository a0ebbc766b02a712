"""Every GraphQL document the portal sends must be one Shopify's published schema accepts."""

import re

import pytest
from graphql import parse

from portal.demo.cost import query_cost
from portal.demo.schema import load_schema, validate_query
from portal.shopify import queries


@pytest.mark.parametrize("name", sorted(queries.ALL_QUERIES))
def test_query_validates_against_shopify_schema(name):
    assert validate_query(queries.ALL_QUERIES[name]) == []


def test_the_validator_does_reject_a_wrong_field():
    assert validate_query("query { shop { name noSuchField } }")


def test_every_query_of_the_portal_is_listed():
    texts = [value for key, value in vars(queries).items() if key.endswith("_QUERY")]
    assert sorted(texts) == sorted(queries.ALL_QUERIES.values())


@pytest.mark.parametrize("name", sorted(queries.ALL_QUERIES))
def test_no_query_text_is_built_from_input(name):
    # Values reach Shopify as variables; a query text holds no string literal but fixed ones.
    assert not re.search(r'query:\s*"', queries.ALL_QUERIES[name])


@pytest.mark.parametrize("name", sorted(queries.ALL_QUERIES))
def test_every_query_stays_well_under_shopifys_cost_limit(name):
    # Shopify refuses a query whose requested cost passes 1,000 points.
    assert query_cost(load_schema(), parse(queries.ALL_QUERIES[name])) <= 850


@pytest.mark.parametrize("name", sorted(queries.ALL_QUERIES))
def test_the_clients_first_guess_of_each_cost_is_shopifys_computed_requested_cost(name):
    assert queries.REQUESTED_COST[name] == query_cost(load_schema(), parse(queries.ALL_QUERIES[name]))
