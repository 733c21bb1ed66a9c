from django.urls import path

from civicpulse.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.OrganizationChooserView.as_view(), name="home"),
]
