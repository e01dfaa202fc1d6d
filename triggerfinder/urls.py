from django.urls import path

from triggerfinder import views

app_name = "triggerfinder"

urlpatterns = [
    path("", views.home, name="home"),
    path("clients/", views.client_list, name="client-list"),
    path("clients/new/", views.client_create, name="client-create"),
    path("clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", views.client_update, name="client-update"),
]
