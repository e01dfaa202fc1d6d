from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from clinic.otp import ClinicAdminSite
from triggerfinder import admin as triggerfinder_admin
from triggerfinder.views.second_factor import SecondFactorLoginView

# Only the account pages the practice needs: no self-service password reset by e-mail (an admin
# resets passwords), so no public page beyond log-in.
account_patterns = [
    path("login/", SecondFactorLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

# The admin logs in through the app's log-in page and needs the second factor (checklist A4).
admin.site.__class__ = ClinicAdminSite


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every site (the admin's pages too): the app's icon."""

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("triggerfinder/img/favicon.svg")


urlpatterns: list[URLPattern | URLResolver] = [path("favicon.ico", login_not_required(FaviconView.as_view()))]
urlpatterns += i18n_patterns(
    path("accounts/", include(account_patterns)),
    # Before the admin's own URLs, which it replaces: "view on site" only for records the user's
    # admin pages show, so it confirms no record id (docs/security.md B2).
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(triggerfinder_admin.view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("", include("triggerfinder.urls")),
    prefix_default_language=False,
)
