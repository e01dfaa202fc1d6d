from django.urls import include, path

urlpatterns = [path("", include("triggerfinder.urls"))]
