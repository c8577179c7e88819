from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Board, Membership, Organisation, Partnership, Person, TermsOfReference


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "partnership", "organisation", "user"]
    list_filter = ["partnership"]
    search_fields = ["name", "initials", "email"]
    autocomplete_fields = ["user", "organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "board"
    autocomplete_fields = ["person", "deputy", "representing"]
    extra = 0


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "partnership", "parent"]
    list_filter = ["partnership"]
    inlines = [MembershipInline]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    list_display = ["board", "title", "version_label", "approved_on"]
