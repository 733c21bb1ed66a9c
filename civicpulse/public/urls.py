from django.urls import path, re_path

from civicpulse.public import questionnaire_views, views

app_name = "public"

# QR codes encode the URL in upper case (compact alphanumeric mode), so /Q/ works as /q/.
CODE = r"(?P<code>[0-9A-Za-z]{1,16})"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("o/<slug:slug>/logo/", views.organization_logo, name="organization_logo"),
    re_path(rf"^[qQ]/{CODE}$", questionnaire_views.questionnaire_form, name="questionnaire"),
    re_path(
        rf"^[qQ]/{CODE}/thanks$",
        questionnaire_views.questionnaire_thanks,
        name="questionnaire_thanks",
    ),
]
