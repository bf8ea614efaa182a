"""The BNS programme (issue 6): vision -> strategy -> means -> attitudes -> KPIs, steered in the 8 steps of seed 002.

Models live in bns/programme/models.py and are registered with the bns app through bns/models.py.
"""
