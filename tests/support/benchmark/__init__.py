"""`make benchmark` (`python -m tests.support.benchmark`): the portal's speed against its own
stack's limit, what lookups ask of Shopify, and the workers' memory, in one bounded run on
127.0.0.1. See the README's "Benchmark" section for what each figure means."""
