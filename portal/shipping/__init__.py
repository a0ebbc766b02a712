"""Shipping knowledge: carriers and their tracking links, tracking-number formats and check
digits, business days and delivery estimates, with the data files they read (data/).

Pure rules over plain values. May import: portal.model, portal.clock. Nothing else of the portal.
"""
