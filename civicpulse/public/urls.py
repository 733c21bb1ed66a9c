from django.urls import path

from civicpulse.public import views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
