from django.urls import path, re_path

from civicpulse.public import (
    case_filing_views,
    case_views,
    casefile_views,
    figures_views,
    kiosk_views,
    questionnaire_views,
    register_views,
    views,
)

app_name = "public"

# A registry number, as the register's case pages show it: SZ-2026-00042.
NUMBER = r"(?P<number>[A-Z]{1,6}-[0-9]{4}-[0-9]{5,})"
# QR codes encode the URL in upper case (compact alphanumeric mode), so /Q/ works as /q/.
CODE = r"(?P<code>[0-9A-Za-z]{1,16})"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("o/<slug:slug>/logo/", views.organization_logo, name="organization_logo"),
    # Administrative service files: the applicant's status check by number and access code.
    path("o/<slug:slug>/files/", casefile_views.casefile_status_page, name="casefile_status"),
    re_path(rf"^[qQ]/{CODE}$", questionnaire_views.questionnaire_form, name="questionnaire"),
    re_path(
        rf"^[qQ]/{CODE}/thanks$",
        questionnaire_views.questionnaire_thanks,
        name="questionnaire_thanks",
    ),
    # Survey campaigns, shared by link and QR code: /S/ works as /s/ for the same reason.
    re_path(rf"^[sS]/{CODE}$", questionnaire_views.campaign_form, name="campaign"),
    re_path(rf"^[sS]/{CODE}/thanks$", questionnaire_views.campaign_thanks, name="campaign_thanks"),
    # Cases: filing one with an organisation, then "check your e-mail".
    path("o/<slug:slug>/signals/new/", case_filing_views.case_new_page, name="case_new"),
    path("o/<slug:slug>/signals/sent/", case_filing_views.case_sent_page, name="case_sent"),
    # Cases: the e-mailed confirmation link, and the sender's own page for following one.
    path("signals/confirm/<str:token>/", case_views.case_confirm_page, name="case_confirm"),
    path("signals/track/<str:key>/", case_views.case_track_page, name="case_track"),
    # The sender's actions on their case, each a form on the tracking page.
    path("signals/track/<str:key>/reply/", case_views.case_reply_page, name="case_reply"),
    path("signals/track/<str:key>/reopen/", case_views.case_reopen_page, name="case_reopen"),
    path("signals/track/<str:key>/rate/", case_views.case_rate_page, name="case_rate"),
    path(
        "signals/track/<str:key>/photos/<int:photo_id>/",
        case_views.case_photo_file,
        name="case_track_photo",
    ),
    # An organisation's public register of cases.
    path("o/<slug:slug>/signals/", register_views.case_register, name="case_register"),
    path("o/<slug:slug>/signals/similar/", register_views.case_similar, name="case_similar"),
    re_path(
        rf"^o/(?P<slug>[-a-zA-Z0-9_]+)/signals/{NUMBER}/$",
        register_views.case_detail,
        name="case_detail",
    ),
    re_path(
        rf"^o/(?P<slug>[-a-zA-Z0-9_]+)/signals/{NUMBER}/support/$",
        register_views.case_support_view,
        name="case_support",
    ),
    re_path(
        rf"^o/(?P<slug>[-a-zA-Z0-9_]+)/signals/{NUMBER}/photos/(?P<photo>[0-9]+)/$",
        register_views.case_photo,
        name="case_photo",
    ),
    # The transparency page and its open data, when the organisation publishes its figures.
    path("o/<slug:slug>/figures/", figures_views.figures_page, name="figures"),
    path("o/<slug:slug>/figures.csv", figures_views.figures_csv, name="figures_csv"),
    path("o/<slug:slug>/figures.json", figures_views.figures_json, name="figures_json"),
    # Kiosks: the device cookie is limited to /k/ (kiosk_views.DEVICE_COOKIE_PATH).
    path("k/", kiosk_views.kiosk_pair_page, name="kiosk_pair"),
    path("k/screen/", kiosk_views.kiosk_screen_page, name="kiosk"),
    path("k/thanks/", kiosk_views.kiosk_thanks, name="kiosk_thanks"),
    path("k/sw.js", kiosk_views.kiosk_service_worker, name="kiosk_service_worker"),
    path("k/api/presses", kiosk_views.kiosk_api_presses, name="kiosk_api_presses"),
    path("k/api/heartbeat", kiosk_views.kiosk_api_heartbeat, name="kiosk_api_heartbeat"),
]
