"""Run in a fresh interpreter: migrate the standalone project and request the app's pages."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.standalone.settings"

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402

assert "clinic" not in sys.modules, "triggerfinder imported clinic"
call_command("migrate", verbosity=0)
assert "clinic" not in sys.modules, "triggerfinder imported clinic"

anonymous = HttpClient()
response = anonymous.get("/clients/")
print("anonymous /clients/", response.status_code, response.get("Location"))

user = get_user_model().objects.create_user("therapist", password="irrelevant-here")
user.groups.add(Group.objects.get(name="Therapist"))
browser = HttpClient()
browser.force_login(user)
for url in ["/", "/clients/", "/clients/new/"]:
    print("therapist", url, browser.get(url).status_code)
response = browser.post(
    "/clients/new/", {"first_name": "Łukasz", "last_name": "Öztürk", "preferred_language": "de"}
)
print("create", response.status_code, response.get("Location"))
print("detail", browser.get(response["Location"]).status_code)
