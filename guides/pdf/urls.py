from django.urls import path

from guides.pdf import views

urlpatterns = [
    path("<int:page_id>/", views.page_pdf, name="pdf"),
]
