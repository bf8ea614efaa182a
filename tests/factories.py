"""Factories for the tenancy core. Later issues add theirs (and register them in the isolation suite)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from bns.models import Department, Employee, Membership, Role, Site, Tenant, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class TenantOwnedFactory(DjangoModelFactory):
    """Creates through the explicit unscoped manager: factories are platform code, not a request."""

    class Meta:
        abstract = True

    @classmethod
    def _get_manager(cls, model_class):
        return model_class.unscoped


class TenantFactory(DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Groupe {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save()


class SiteFactory(TenantOwnedFactory):
    class Meta:
        model = Site

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Concession {n}")
    brands = "Peugeot, Citroën"
    city = "Rennes"
    region = "Bretagne"


class DepartmentFactory(TenantOwnedFactory):
    class Meta:
        model = Department

    tenant = factory.SubFactory(TenantFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Service {n}")


class EmployeeFactory(TenantOwnedFactory):
    class Meta:
        model = Employee

    tenant = factory.SubFactory(TenantFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"employee{n}@example.com")
    site = factory.SubFactory(SiteFactory, tenant=factory.SelfAttribute("..tenant"))
    department = factory.SubFactory(DepartmentFactory, tenant=factory.SelfAttribute("..tenant"))
    job_title = "Vendeur VN"


class MembershipFactory(TenantOwnedFactory):
    class Meta:
        model = Membership

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EMPLOYEE
    employee = None


# --- contacts ------------------------------------------------------------------------------------------


def relationship_make(*, tenant, owner, actor=None, first_name="Yann", last_name="Kervella", company="Transports Kervella",
                      email="", visibility=None, scope=None, strength=3, private_notes="", **extra):
    """A person and the owner's relationship to them, built through the contacts services."""
    from contacts.services import contact_quick_add

    relationship, _created = contact_quick_add(
        tenant=tenant, actor=actor, owner=owner, first_name=first_name, last_name=last_name, company=company, email=email,
        visibility=visibility, scope=scope, strength=strength, private_notes=private_notes, **extra,
    )
    return relationship
