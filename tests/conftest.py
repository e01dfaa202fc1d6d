from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client as DjangoClient

from triggerfinder.models import Client
from triggerfinder.security import roles

PASSWORD = "correct horse battery staple"

# A host project for the installed wheel, run by scripts/test-wheel.sh in its own virtual
# environment (``make test-wheel``), never here: it must not see the source tree.
collect_ignore = ["wheel_host"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests last, the browser tests at the very end.

    A transactional test (the live server's among them) ends by flushing the database, and with it
    the knowledge base the others share. pytest-django sorts them last, but pytest-playwright's
    session-wide ``browser_name`` parameter regroups tests afterwards (any test with a fixture
    called ``browser``), so the order is settled here, after everyone else.
    """
    from pathlib import Path

    browser_dir = Path(__file__).resolve().parent / "browser"

    def order(item: pytest.Item) -> int:
        if browser_dir in Path(item.path).parents:
            return 2
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", [])
        transactional = bool(
            marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        )
        return 1 if transactional or "transactional_db" in fixtures or "live_server" in fixtures else 0

    items.sort(key=order)


@pytest.fixture(scope="module")
def reload_knowledge(django_db_blocker):
    """Transactional tests end with a flush of every table, the knowledge base that the session
    fixture loaded included; a module of them uses this to put it back for the modules after it."""
    yield
    from triggerfinder.services.knowledge.importing import load_shipped_knowledge

    with django_db_blocker.unblock():
        load_shipped_knowledge()


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped knowledge base, loaded once; each test's changes roll back to it."""
    from triggerfinder.services.knowledge.importing import load_shipped_knowledge

    with django_db_blocker.unblock():
        load_shipped_knowledge()


@pytest.fixture(autouse=True)
def fresh_knowledge_snapshot():
    """Tests roll the database back; the cached snapshot must not outlive that."""
    from triggerfinder.selectors.knowledge import forget_snapshot

    forget_snapshot()
    yield
    forget_snapshot()


@pytest.fixture(autouse=True)
def empty_cache():
    """The throttle's counters live in the cache, which no database rollback empties."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def knowledge_editor(db):
    return make_user("konrad", role=roles.KNOWLEDGE_EDITOR, is_staff=True)


def mark_verified(http_client, user) -> None:
    """Mark a logged-in test client's session as having given a one-time code (django-otp)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session = http_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def login_verified(http_client, user) -> None:
    """Log in as a user who passed both factors: password and one-time code (checklist A4)."""
    DjangoClient.force_login(http_client, user)
    mark_verified(http_client, user)


class VerifiedClient(DjangoClient):
    """The test client whose ``force_login`` logs in with both factors, as every real log-in does.

    ``second_factor=False`` gives a session that has given the password only."""

    def force_login(self, user, backend=None, *, second_factor: bool = True) -> None:
        super().force_login(user, backend)
        if second_factor:
            mark_verified(self, user)


@pytest.fixture
def client() -> VerifiedClient:
    """pytest-django's ``client``, logging in with the second factor (see VerifiedClient)."""
    return VerifiedClient()
