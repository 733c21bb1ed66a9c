from django.contrib import admin

from civicpulse.feedback.models import Questionnaire, Touchpoint


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name_bg", "code", "kind", "category", "area", "organization", "is_active"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["name_bg", "name_en", "code"]
    readonly_fields = ["code"]
    raw_id_fields = ["category", "area", "department", "place", "questionnaire"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title_bg", "category", "for_employees", "organization", "current_version"]
    list_filter = ["organization", "for_employees"]
    raw_id_fields = ["category", "current_version"]
