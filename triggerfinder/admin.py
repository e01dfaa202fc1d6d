from django.contrib import admin

from triggerfinder.models import Client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "preferred_language", "therapist"]
    list_filter = ["preferred_language", "therapist"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["therapist"]
    autocomplete_fields = ["therapist"]
    readonly_fields = ["created_at", "updated_at"]
