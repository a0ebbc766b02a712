"""Shipping knowledge: carriers and their tracking links, what to do after a missed delivery,
tracking-number formats and check digits, business days and regional calendars, delivery
estimates and the statistics learned from past deliveries, with the data files they read (data/).

Pure rules over plain values. May import: the kernel (portal.model, clock, failures, config,
metrics). Nothing else of the portal.
"""
