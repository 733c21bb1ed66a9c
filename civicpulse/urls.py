from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from civicpulse.backoffice.forms import LoginForm
from civicpulse.backoffice.views import accounts


def superusers_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only

urlpatterns = [
    # First: the citizen's form is by far the busiest page, and URLs are tried in order.
    path("", include("civicpulse.public.urls")),
    path("open311/v2/", include("civicpulse.open311.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="backoffice/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        accounts.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/catalog.js", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("manage/", include("civicpulse.backoffice.urls")),
    path("api/", include("civicpulse.api.urls")),
    path("admin/", admin.site.urls),
]
