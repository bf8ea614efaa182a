"""Every write of the tenancy core. Keyword-only, tenant and actor explicit, atomic, audited.

Split by area: audit (the audit trail), org (sites, departments, employees, import), members
(memberships, invitations, tenant policy).
"""
