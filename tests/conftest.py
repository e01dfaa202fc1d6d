from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from triggerfinder import roles
from triggerfinder.models import Client

PASSWORD = "correct horse battery staple"


def make_user(username: str, *, role: str | None = None, **extra) -> object:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        roles.ensure_roles()
        user.groups.add(Group.objects.get(name=role))
    return user


def make_client(therapist, **fields) -> Client:
    values = {"first_name": "Erika", "last_name": "Mustermann", "therapist": therapist, **fields}
    return Client.objects.create(**values)


@pytest.fixture
def therapist(db):
    return make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")


@pytest.fixture
def other_therapist(db):
    return make_user("tobias", role=roles.THERAPIST)


@pytest.fixture
def lead(db):
    return make_user("miriam", role=roles.PRACTICE_LEAD)


@pytest.fixture
def therapist_client(client, therapist):
    client.force_login(therapist)
    return client


@pytest.fixture(autouse=True)
def german_by_default():
    """Each request activates its language and leaves it active; start every test in German."""
    from django.utils import translation

    with translation.override("de"):
        yield
