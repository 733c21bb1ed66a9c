from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`?page=2&page_size=100`; at most 200 a page, so one call stays cheap."""

    page_size_query_param = "page_size"
    max_page_size = 200
