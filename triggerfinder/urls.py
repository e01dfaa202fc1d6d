from django.urls import path

from triggerfinder.views import clients, finder

app_name = "triggerfinder"

urlpatterns = [
    path("", clients.home, name="home"),
    path("clients/", clients.client_list, name="client-list"),
    path("clients/new/", clients.client_create, name="client-create"),
    path("clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", clients.client_update, name="client-update"),
    path("finder/", finder.finder_page, name="finder"),
    path("finder/embed/", finder.finder_embed, name="finder-embed"),
    path("api/finder/", finder.finder_api, name="finder-api"),
]
