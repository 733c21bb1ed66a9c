from django.urls import path

from civicpulse.public import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("o/<slug:slug>/logo/", views.organization_logo, name="organization_logo"),
]
