"""How much data each bench tenant holds.

The large tenant at ``--scale 1``: 100 dealerships, 5,000 employees, 500,000 persons, 1,000,000 relationships and
5,000,000 activity rows (the issue's figures); ``--scale`` multiplies them (with small floors so a tiny scale still
has every kind of row). The three small tenants do not scale: about 3 dealerships, 30 employees, 3,000 persons,
6,000 relationships and 30,000 activity rows each. Every other table is derived "in proportion" from these.
"""

from __future__ import annotations

from dataclasses import dataclass

LARGE_SLUG = "bench-large"
SMALL_SLUGS = ("bench-small-1", "bench-small-2", "bench-small-3")
BENCH_SLUGS = (LARGE_SLUG, *SMALL_SLUGS)
TEAM = 13  # a sales manager and the 12 people reporting to them


@dataclass(frozen=True)
class Sizes:
    sites: int
    employees: int
    persons: int
    relationships: int
    activities: int

    @property
    def departments(self) -> int:
        return 10  # VN, VO, PR, APV, RH, business development, customer relations, purchasing, marketing, management

    @property
    def accounts(self) -> int:
        return max(5, self.persons // 25)

    @property
    def networks(self) -> int:
        return max(3, 3 * self.sites)

    @property
    def intro_every(self) -> int:
        """One introduction request per this many relationships (of those not private)."""
        return 50

    @property
    def referrals(self) -> int:
        return 2 * self.employees

    @property
    def score_weeks(self) -> int:
        return 12

    @property
    def solicitations(self) -> int:
        return max(10, self.persons // 5)


LARGE = Sizes(sites=100, employees=5_000, persons=500_000, relationships=1_000_000, activities=5_000_000)
SMALL = Sizes(sites=3, employees=30, persons=3_000, relationships=6_000, activities=30_000)


def large_sizes(scale: float) -> Sizes:
    """The large tenant's sizes at ``scale`` (1.0: the issue's figures)."""
    if scale <= 0:
        raise ValueError("the scale must be positive")
    persons = max(100, round(LARGE.persons * scale))
    employees = max(2 * TEAM + 1, round(LARGE.employees * scale))
    return Sizes(
        sites=max(1, round(LARGE.sites * scale)),
        employees=employees,
        persons=persons,
        # Each person is known by relationships / persons employees (2): never more than there are employees.
        relationships=min(max(200, round(LARGE.relationships * scale)), persons * min(2, employees)),
        activities=max(1_000, round(LARGE.activities * scale)),
    )
